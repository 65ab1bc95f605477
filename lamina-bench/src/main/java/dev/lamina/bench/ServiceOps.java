package dev.lamina.bench;

import dev.lamina.edge.auth.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The requests the services benchmark sends, the same bytes to every system: S3 PutObject and
 * GetObject (path-style, SigV4 with the payload's SHA-256, as the SDK for Java v2 signs over HTTP),
 * SQS SendMessage (the JSON protocol current SDKs speak), DynamoDB PutItem, GetItem and Query (JSON
 * 1.0, the only protocol DynamoDB has) and Kinesis PutRecords. Kinesis goes as JSON 1.1
 * ({@code application/x-amz-json-1.1}, {@code Data} in base64), as the AWS CLI and the SDKs other than
 * Java's send it; the SDK for Java v2 sends CBOR, which this client does not.
 */
final class ServiceOps {
    static final int OBJECT_SIZE = 4096;
    /** The string attribute that makes an item about 1 KB with its keys (DynamoDB counts names and values). */
    static final int ITEM_DATA = 1000;
    /** The items a Query reads: partition {@link #QUERY_PARTITION}, sort keys 000 to 099. */
    static final int QUERY_ITEMS = 100;

    static final String QUERY_PARTITION = "query";
    private static final String DATA = "d".repeat(ITEM_DATA);
    static final int RECORDS_PER_PUT = 500;
    static final int RECORD_SIZE = 100;

    private static final Pattern FAILED_NONE = Pattern.compile("\"FailedRecordCount\"\\s*:\\s*0\\b");
    private static final Pattern COUNT_ALL = Pattern.compile("\"Count\"\\s*:\\s*" + QUERY_ITEMS + "\\b");

    private ServiceOps() {}

    /**
     * The objects (or items) one system's workers have written: worker {@code w} writes
     * {@code w<w>/<n>} (item {@code w<w>-<n>}) for n = 0, 1, …, moving on only after a right answer, so
     * every counted key exists.
     */
    static final class Objects {
        private final long[] written;

        Objects(int workers) {
            written = new long[workers];
        }

        long total() {
            long sum = 0;
            for (long n : written) {
                sum += n;
            }
            return sum;
        }

        boolean everyWorkerWrote() {
            for (long n : written) {
                if (n == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** PutObject of a new 4 KiB object per request into {@code bucket}; the answer must be 200. */
    static ServiceLoad.Operation put(URI endpoint, String bucket, SigV4.Credentials credentials, Objects objects) {
        byte[] body = new byte[OBJECT_SIZE];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        String sha256 = sha256(body);
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                String path = "/" + bucket + "/w" + worker + "/" + objects.written[worker];
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/octet-stream");
                headers.put("x-amz-content-sha256", sha256);
                return connection.request(
                        "PUT",
                        path,
                        body,
                        Signing.sign("PUT", endpoint.resolve(path), body, headers, "s3", credentials));
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                if (response.status() != 200) {
                    return false;
                }
                objects.written[worker]++;
                return true;
            }
        };
    }

    /**
     * GetObject of the objects {@link #put} wrote, each worker going round its own; the answer must be
     * 200 with 4,096 bytes.
     */
    static ServiceLoad.Operation get(URI endpoint, String bucket, SigV4.Credentials credentials, Objects objects) {
        if (!objects.everyWorkerWrote()) {
            throw new IllegalStateException("GetObject needs objects from every PutObject worker");
        }
        long[] next = new long[objects.written.length];
        String emptySha256 = sha256(new byte[0]);
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                long n = next[worker]++ % objects.written[worker];
                String path = "/" + bucket + "/w" + worker + "/" + n;
                Map<String, String> headers = Map.of("x-amz-content-sha256", emptySha256);
                return connection.request(
                        "GET",
                        path,
                        new byte[0],
                        Signing.sign("GET", endpoint.resolve(path), new byte[0], headers, "s3", credentials));
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                return response.status() == 200 && response.body().length == OBJECT_SIZE;
            }
        };
    }

    /** SendMessage of a short body to {@code queueUrl}; the answer must be 200 with a MessageId. */
    static ServiceLoad.Operation send(URI endpoint, String queueUrl, SigV4.Credentials credentials, int workers) {
        long[] sent = new long[workers];
        Map<String, String> headers =
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "AmazonSQS.SendMessage");
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                String body = "{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"benchmark message " + worker + "-"
                        + sent[worker]++ + "\"}";
                return post(connection, endpoint, body, headers, "sqs", credentials);
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                return response.status() == 200 && response.bodyText().contains("\"MessageId\"");
            }
        };
    }

    /**
     * An item of about 1 KB as DynamoDB's JSON: {@code pk}, {@code sk} and a {@link #ITEM_DATA}-character
     * string {@code data}.
     */
    static String item(String pk, String sk) {
        return "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"},\"data\":{\"S\":\"" + DATA + "\"}}";
    }

    /** PutItem of a new item {@code w<worker>-<n>}/{@code item} per request; the answer must be 200 with {@code {}}. */
    static ServiceLoad.Operation putItem(URI endpoint, String table, SigV4.Credentials credentials, Objects items) {
        Map<String, String> headers = dynamoDbHeaders("PutItem");
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                String item = item("w" + worker + "-" + items.written[worker], "item");
                return post(
                        connection,
                        endpoint,
                        "{\"TableName\":\"" + table + "\",\"Item\":" + item + "}",
                        headers,
                        "dynamodb",
                        credentials);
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                if (response.status() != 200 || !response.bodyText().strip().equals("{}")) {
                    return false;
                }
                items.written[worker]++;
                return true;
            }
        };
    }

    /**
     * GetItem of the items {@link #putItem} wrote, each worker going round its own; the answer must be
     * 200 with the item asked for, its data whole.
     */
    static ServiceLoad.Operation getItem(URI endpoint, String table, SigV4.Credentials credentials, Objects items) {
        if (!items.everyWorkerWrote()) {
            throw new IllegalStateException("GetItem needs items from every PutItem worker");
        }
        long[] next = new long[items.written.length];
        String[] asked = new String[items.written.length];
        Map<String, String> headers = dynamoDbHeaders("GetItem");
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                asked[worker] = "w" + worker + "-" + next[worker]++ % items.written[worker];
                String body = "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"" + asked[worker]
                        + "\"},\"sk\":{\"S\":\"item\"}}}";
                return post(connection, endpoint, body, headers, "dynamodb", credentials);
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                String body = response.bodyText();
                return response.status() == 200
                        && body.contains("\"Item\"")
                        && body.contains("\"" + asked[worker] + "\"")
                        && body.contains(DATA);
            }
        };
    }

    /**
     * Query of partition {@link #QUERY_PARTITION} (written before, {@link #QUERY_ITEMS} items); the
     * answer must be 200 with all of them.
     */
    static ServiceLoad.Operation query(URI endpoint, String table, SigV4.Credentials credentials) {
        Map<String, String> headers = dynamoDbHeaders("Query");
        String body = "{\"TableName\":\"" + table + "\",\"KeyConditionExpression\":\"pk = :p\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"" + QUERY_PARTITION + "\"}}}";
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                return post(connection, endpoint, body, headers, "dynamodb", credentials);
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                return response.status() == 200
                        && response.body().length > QUERY_ITEMS * ITEM_DATA
                        && COUNT_ALL.matcher(response.bodyText()).find();
            }
        };
    }

    /**
     * PutRecords of {@link #RECORDS_PER_PUT} records of {@link #RECORD_SIZE} bytes, each with a random
     * partition key (so they spread over the shards), to {@code stream}; the answer must be 200 with
     * FailedRecordCount 0 and a sequence number per record. Worker {@code w} draws its keys from its
     * own split of {@code random}.
     */
    static ServiceLoad.Operation putRecords(
            URI endpoint, String stream, SigV4.Credentials credentials, int workers, SplittableRandom random) {
        SplittableRandom[] randoms = new SplittableRandom[workers];
        for (int w = 0; w < workers; w++) {
            randoms[w] = random.split();
        }
        byte[] data = new byte[RECORD_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('A' + i % 26);
        }
        String base64 = Base64.getEncoder().encodeToString(data);
        Map<String, String> headers =
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Kinesis_20131202.PutRecords");
        return new ServiceLoad.Operation() {
            @Override
            public byte[] next(HttpConnection connection, int worker) {
                StringBuilder body = new StringBuilder(RECORDS_PER_PUT * 180);
                body.append("{\"StreamName\":\"").append(stream).append("\",\"Records\":[");
                for (int r = 0; r < RECORDS_PER_PUT; r++) {
                    body.append(r == 0 ? "" : ",")
                            .append("{\"Data\":\"")
                            .append(base64)
                            .append("\",\"PartitionKey\":\"")
                            .append(Long.toHexString(randoms[worker].nextLong()))
                            .append("\"}");
                }
                body.append("]}");
                return post(connection, endpoint, body.toString(), headers, "kinesis", credentials);
            }

            @Override
            public boolean accept(int worker, HttpConnection.Response response) {
                String body = response.bodyText();
                return response.status() == 200
                        && FAILED_NONE.matcher(body).find()
                        && occurrences(body, "\"SequenceNumber\"") == RECORDS_PER_PUT;
            }
        };
    }

    private static Map<String, String> dynamoDbHeaders(String action) {
        return Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810." + action);
    }

    private static byte[] post(
            HttpConnection connection,
            URI endpoint,
            String text,
            Map<String, String> headers,
            String service,
            SigV4.Credentials credentials) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return connection.request(
                "POST", "/", body, Signing.sign("POST", endpoint.resolve("/"), body, headers, service, credentials));
    }

    private static int occurrences(String text, String of) {
        int count = 0;
        for (int i = text.indexOf(of); i >= 0; i = text.indexOf(of, i + of.length())) {
            count++;
        }
        return count;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
