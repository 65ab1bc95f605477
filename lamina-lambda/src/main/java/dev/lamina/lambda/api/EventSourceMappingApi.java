package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.esm.EventSourceMapping;
import dev.lamina.lambda.esm.EventSourceMappings;
import dev.lamina.lambda.esm.KafkaRules;
import dev.lamina.lambda.esm.KafkaSettings;
import dev.lamina.lambda.esm.StreamRules;
import dev.lamina.lambda.esm.StreamSettings;
import dev.lamina.lambda.function.Arns;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Create/Get/Update/Delete/ListEventSourceMappings, of queues, streams and self-managed Kafka topics. */
public final class EventSourceMappingApi {
    private static final String ROOT = "/2015-03-31/event-source-mappings/";
    private static final int PAGE = 100;

    private final EventSourceMappings mappings;
    private final Arns arns;
    private final ObjectMapper json;

    public EventSourceMappingApi(EventSourceMappings mappings, Arns arns, ObjectMapper json) {
        this.mappings = mappings;
        this.arns = arns;
        this.json = json;
    }

    public Router router() {
        return new Router()
                .add("POST", ROOT, (r, p) -> create(r))
                .add("GET", ROOT, (r, p) -> list(r))
                .add("GET", ROOT + "{UUID}", (r, p) -> answer(200, mappings.get(p.get("UUID"))))
                .add("PUT", ROOT + "{UUID}", (r, p) -> update(r, p.get("UUID")))
                .add("DELETE", ROOT + "{UUID}", (r, p) -> answer(202, mappings.delete(p.get("UUID"))));
    }

    private HttpResponse create(HttpRequest request) throws IOException {
        RequestBody body = RequestBody.parse(json, request.body());
        EventSourceMapping created = mappings.create(new EventSourceMappings.Request(
                body.string("EventSourceArn"),
                body.string("FunctionName"),
                body.bool("Enabled"),
                body.integer("BatchSize"),
                body.integer("MaximumBatchingWindowInSeconds"),
                body.stringList("FunctionResponseTypes"),
                filters(body),
                maximumConcurrency(body),
                streamOptions(body),
                kafkaOptions(body)));
        return answer(202, created);
    }

    private HttpResponse update(HttpRequest request, String uuid) throws IOException {
        RequestBody body = RequestBody.parse(json, request.body());
        RequestBody scaling = body.object("ScalingConfig");
        EventSourceMapping updated = mappings.update(
                uuid,
                new EventSourceMappings.Update(
                        body.string("FunctionName"),
                        body.bool("Enabled"),
                        body.integer("BatchSize"),
                        body.integer("MaximumBatchingWindowInSeconds"),
                        body.stringList("FunctionResponseTypes"),
                        filters(body),
                        maximumConcurrency(body),
                        scaling != null && !scaling.has("MaximumConcurrency"),
                        streamOptions(body)));
        return answer(202, updated);
    }

    private static List<String> filters(RequestBody body) {
        RequestBody criteria = body.object("FilterCriteria");
        if (criteria == null) {
            return null;
        }
        List<RequestBody> filters = criteria.objects("Filters");
        List<String> out = new ArrayList<>();
        if (filters != null) {
            for (RequestBody filter : filters) {
                String pattern = filter.string("Pattern");
                if (pattern != null) {
                    out.add(pattern);
                }
            }
        }
        return out;
    }

    /** What a request says of a stream mapping; an OnFailure without a destination clears it. */
    private static StreamRules.Options streamOptions(RequestBody body) {
        String onFailure = null;
        RequestBody destination = body.object("DestinationConfig");
        if (destination != null) {
            RequestBody failure = destination.object("OnFailure");
            if (failure != null) {
                String arn = failure.string("Destination");
                onFailure = arn == null ? "" : arn;
            }
        }
        Double timestamp = body.number("StartingPositionTimestamp");
        return new StreamRules.Options(
                body.string("StartingPosition"),
                timestamp == null ? null : Instant.ofEpochMilli(Math.round(timestamp * 1000)),
                body.integer("ParallelizationFactor"),
                body.integer("MaximumRetryAttempts"),
                body.integer("MaximumRecordAgeInSeconds"),
                body.bool("BisectBatchOnFunctionError"),
                onFailure,
                body.integer("TumblingWindowInSeconds"));
    }

    /** What a request says of a self-managed Kafka source; empty endpoints when the source names none. */
    private static KafkaRules.Options kafkaOptions(RequestBody body) {
        Map<String, List<String>> endpoints = null;
        RequestBody source = body.object("SelfManagedEventSource");
        if (source != null) {
            endpoints = new LinkedHashMap<>();
            RequestBody given = source.object("Endpoints");
            if (given != null) {
                for (String key : given.names()) {
                    List<String> servers = given.stringList(key);
                    endpoints.put(key, servers == null ? List.of() : servers);
                }
            }
        }
        RequestBody config = body.object("SelfManagedKafkaEventSourceConfig");
        List<RequestBody> access = body.objects("SourceAccessConfigurations");
        List<String> accessTypes = null;
        if (access != null) {
            accessTypes = new ArrayList<>();
            for (RequestBody a : access) {
                accessTypes.add(String.valueOf(a.string("Type")));
            }
        }
        return new KafkaRules.Options(
                endpoints,
                body.stringList("Topics"),
                config == null ? null : config.string("ConsumerGroupId"),
                accessTypes);
    }

    private static Integer maximumConcurrency(RequestBody body) {
        RequestBody scaling = body.object("ScalingConfig");
        return scaling == null ? null : scaling.integer("MaximumConcurrency");
    }

    private HttpResponse list(HttpRequest request) throws IOException {
        List<EventSourceMapping> all = new ArrayList<>(
                mappings.list(request.queryParam("EventSourceArn"), request.queryParam("FunctionName")));
        all.sort(java.util.Comparator.comparing(EventSourceMapping::uuid));
        Markers.Page<EventSourceMapping> page = Markers.page(all, EventSourceMapping::uuid, request, PAGE);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("EventSourceMappings");
        page.items().forEach(m -> items.add(render(m)));
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse answer(int status, EventSourceMapping mapping) throws IOException {
        return HttpResponse.json(status, json.writeValueAsBytes(render(mapping)));
    }

    private ObjectNode render(EventSourceMapping m) {
        ObjectNode o = json.createObjectNode();
        o.put("UUID", m.uuid());
        o.put("BatchSize", m.batchSize());
        o.put("MaximumBatchingWindowInSeconds", m.batchingWindowSeconds());
        if (m.eventSourceArn() != null) {
            o.put("EventSourceArn", m.eventSourceArn());
        }
        if (!m.filters().isEmpty()) {
            ArrayNode filters = o.putObject("FilterCriteria").putArray("Filters");
            m.filters().forEach(f -> filters.addObject().put("Pattern", f));
        }
        o.put("FunctionArn", arns.functionArn(m.function(), m.qualifier()));
        o.put("LastModified", m.lastModified().toEpochMilli() / 1000.0);
        o.put("State", m.state().name());
        o.put("StateTransitionReason", m.stateTransitionReason());
        ArrayNode types = o.putArray("FunctionResponseTypes");
        m.functionResponseTypes().forEach(types::add);
        if (m.maximumConcurrency() != null) {
            o.putObject("ScalingConfig").put("MaximumConcurrency", m.maximumConcurrency());
        }
        StreamSettings st = m.stream();
        if (st != null) {
            o.put("StartingPosition", st.startingPosition());
            if (st.startingPositionTimestamp() != null) {
                o.put(
                        "StartingPositionTimestamp",
                        st.startingPositionTimestamp().toEpochMilli() / 1000.0);
            }
            o.put("ParallelizationFactor", st.parallelizationFactor());
            o.put("MaximumRetryAttempts", st.maximumRetryAttempts());
            o.put("MaximumRecordAgeInSeconds", st.maximumRecordAgeSeconds());
            o.put("BisectBatchOnFunctionError", st.bisectOnError());
            ObjectNode failure = o.putObject("DestinationConfig").putObject("OnFailure");
            if (st.onFailure() != null) {
                failure.put("Destination", st.onFailure());
            }
            o.put("TumblingWindowInSeconds", st.tumblingWindowSeconds());
            o.put("LastProcessingResult", m.lastProcessingResult());
        }
        KafkaSettings kafka = m.kafka();
        if (kafka != null) {
            o.put("StartingPosition", kafka.startingPosition());
            o.putArray("Topics").add(kafka.topic());
            ArrayNode servers =
                    o.putObject("SelfManagedEventSource").putObject("Endpoints").putArray(KafkaRules.BOOTSTRAP_SERVERS);
            kafka.bootstrapServers().forEach(servers::add);
            o.putObject("SelfManagedKafkaEventSourceConfig").put("ConsumerGroupId", kafka.consumerGroupId());
            o.put("LastProcessingResult", m.lastProcessingResult());
        }
        o.put(
                "EventSourceMappingArn",
                "arn:aws:lambda:" + arns.region() + ":" + arns.account() + ":event-source-mapping:" + m.uuid());
        return o;
    }
}
