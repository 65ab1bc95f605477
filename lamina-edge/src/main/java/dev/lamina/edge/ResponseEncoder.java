package dev.lamina.edge;

import dev.lamina.edge.protocol.Protocol;
import dev.lamina.edge.protocol.RestXml;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Puts an {@link HttpResponse} into Netty's terms, with the headers every answer of the edge carries:
 * {@code Date}, and {@code x-amzn-RequestId} unless the response names its request id itself (Invoke
 * answers with its invocation's, a protocol's error with the id it rendered). A 204 or 304 gets no {@code Content-Length}; a HEAD answer keeps
 * its status and headers but no body. Thread-safe: called on the loop and on virtual threads.
 */
final class ResponseEncoder {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** The header a response names its length in when it knows it and sends no body (HEAD) or streams it. */
    static final String CONTENT_LENGTH = "Content-Length";

    private final InstantSource clock;
    private final RequestIds requestIds;
    private volatile DateHeader date = new DateHeader(Long.MIN_VALUE, "");

    /**
     * @param clock the time the {@code Date} header says
     * @param requestIds the ids of answers that name none
     */
    ResponseEncoder(InstantSource clock, RequestIds requestIds) {
        this.clock = clock;
        this.requestIds = requestIds;
    }

    /** The Date header's text, made once a second. */
    private record DateHeader(long second, String text) {}

    /**
     * The whole answer. Throws (a {@link RuntimeException}, and nothing is lost) when a header
     * cannot be encoded, e.g. a value with a line break from a function URL's response.
     */
    DefaultFullHttpResponse full(HttpResponse response, boolean head) {
        byte[] body = response.body();
        int status = response.status();
        boolean noBody = body.length == 0 || status == 204 || status == 304 || head;
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        headers(full.headers(), response.headers(), response.setCookies());
        if (status != 204 && status != 304 && !(head && response.headers().containsKey(CONTENT_LENGTH))) {
            // a HEAD answer may say the length of what a GET would send (S3's HeadObject)
            HttpUtil.setContentLength(full, noBody ? 0 : body.length);
        }
        return full;
    }

    /** The status line and headers of an answer whose body follows in chunks. */
    DefaultHttpResponse start(HttpVersion version, int status, Map<String, String> headers, List<String> setCookies) {
        DefaultHttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
        headers(response.headers(), headers, setCookies);
        return response;
    }

    private void headers(HttpHeaders headers, Map<String, String> values, List<String> setCookies) {
        values.forEach(headers::set);
        if (!values.containsKey(Protocol.REQUEST_ID) && !values.containsKey(RestXml.S3_REQUEST_ID)) {
            // Invoke answers with its invocation's id instead, a protocol's error with its own
            headers.set(Protocol.REQUEST_ID, requestIds.next());
        }
        for (String cookie : setCookies) {
            headers.add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        headers.set(HttpHeaderNames.DATE, dateText());
    }

    private String dateText() {
        long second = Math.floorDiv(clock.millis(), 1000);
        DateHeader d = date;
        if (d.second() != second) {
            // two threads may both make it in the same second: they make the same text
            d = new DateHeader(
                    second, HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            date = d;
        }
        return d.text();
    }
}
