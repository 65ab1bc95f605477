package dev.lamina.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.scheduler.schedule.Schedule;
import dev.lamina.scheduler.schedule.ScheduleDocument;
import dev.lamina.scheduler.schedule.ScheduleGroup;
import dev.lamina.scheduler.schedule.Schedules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * EventBridge Scheduler's API (2021-06-30, rest-json, signed for {@code scheduler}): schedules and
 * schedule groups. Each route parses its request, calls one operation of {@link Schedules} and renders
 * its answer; errors carry {@code Message}, as the model's error shapes name it.
 */
public final class SchedulerApi {
    private static final RestJson PROTOCOL = new RestJson(new RestJson.Flavour(
            false,
            false,
            Set.of(),
            Set.of(
                    "ValidationException",
                    "ResourceNotFoundException",
                    "ConflictException",
                    "InternalServerException",
                    "ServiceQuotaExceededException",
                    "ThrottlingException"),
            0));

    private final Schedules schedules;
    private final ObjectMapper json;

    public SchedulerApi(Schedules schedules, ObjectMapper json) {
        this.schedules = schedules;
        this.json = json;
    }

    public EdgeService service() {
        Router router = new Router()
                .add(
                        "POST",
                        "/schedules/{Name}",
                        (r, p) -> arn("ScheduleArn", schedules.create(p.get("Name"), input(r))))
                .add(
                        "PUT",
                        "/schedules/{Name}",
                        (r, p) -> arn("ScheduleArn", schedules.update(p.get("Name"), input(r))))
                .add(
                        "GET",
                        "/schedules/{Name}",
                        (r, p) -> ok(ScheduleDocument.write(schedules.get(r.queryParam("groupName"), p.get("Name")))))
                .add("DELETE", "/schedules/{Name}", (r, p) -> {
                    schedules.delete(r.queryParam("groupName"), p.get("Name"));
                    return ok(json.createObjectNode());
                })
                .add("GET", "/schedules", (r, p) -> list(r))
                .add(
                        "POST",
                        "/schedule-groups/{Name}",
                        (r, p) -> arn(
                                "ScheduleGroupArn",
                                schedules.createGroup(
                                        groupName(p.get("Name")), TagDocuments.read(body(r).get("Tags")))))
                .add("GET", "/tags/{ResourceArn}", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    out.set("Tags", TagDocuments.write(schedules.tagging().tags(p.get("ResourceArn"))));
                    return ok(out);
                })
                .add("POST", "/tags/{ResourceArn}", (r, p) -> {
                    schedules.tagging().tag(p.get("ResourceArn"), TagDocuments.read(body(r).get("Tags")));
                    return ok(json.createObjectNode());
                })
                .add("DELETE", "/tags/{ResourceArn}", (r, p) -> {
                    schedules.tagging().untag(p.get("ResourceArn"), r.query().getOrDefault("TagKeys", List.of()));
                    return ok(json.createObjectNode());
                })
                .add(
                        "GET",
                        "/schedule-groups/{Name}",
                        (r, p) -> ok(group(schedules.getGroup(groupName(p.get("Name"))), json.createObjectNode())))
                .add("DELETE", "/schedule-groups/{Name}", (r, p) -> {
                    schedules.deleteGroup(groupName(p.get("Name")));
                    return ok(json.createObjectNode());
                })
                .add("GET", "/schedule-groups", (r, p) -> groups(r));
        return new EdgeService.RestApi("scheduler", "scheduler", PROTOCOL, router);
    }

    private ScheduleDocument.Input input(HttpRequest request) {
        return ScheduleDocument.read(body(request));
    }

    private JsonNode body(HttpRequest request) {
        try {
            return request.body().length == 0 ? json.createObjectNode() : json.readTree(request.body());
        } catch (IOException e) {
            throw AwsException.validation("The request body is not valid JSON.");
        }
    }

    private HttpResponse list(HttpRequest r) throws IOException {
        String state = r.queryParam("State");
        if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw AwsException.validation(
                    "1 validation error detected: Value '" + state
                            + "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [DISABLED, ENABLED]");
        }
        String group = r.queryParam("ScheduleGroup");
        Schedules.Page<Schedule> page = schedules.list(
                group == null ? null : groupName(group),
                r.queryParam("NamePrefix"),
                state == null ? null : state.equals("ENABLED"),
                token(r.queryParam("NextToken")),
                maxResults(r));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Schedules");
        for (Schedule s : page.items()) {
            ObjectNode item = items.addObject()
                    .put("Arn", s.arn())
                    .put("CreationDate", ScheduleDocument.seconds(s.created()))
                    .put("GroupName", s.group())
                    .put("LastModificationDate", ScheduleDocument.seconds(s.modified()))
                    .put("Name", s.name())
                    .put("State", s.enabled() ? "ENABLED" : "DISABLED");
            item.putObject("Target").put("Arn", s.target().arn());
        }
        putToken(out, page.next());
        return ok(out);
    }

    private HttpResponse groups(HttpRequest r) throws IOException {
        Schedules.Page<ScheduleGroup> page =
                schedules.groups(r.queryParam("NamePrefix"), token(r.queryParam("NextToken")), maxResults(r));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("ScheduleGroups");
        page.items().forEach(g -> group(g, items.addObject()));
        putToken(out, page.next());
        return ok(out);
    }

    private static ObjectNode group(ScheduleGroup g, ObjectNode out) {
        return out.put("Arn", g.arn())
                .put("CreationDate", ScheduleDocument.seconds(g.created()))
                .put("LastModificationDate", ScheduleDocument.seconds(g.modified()))
                .put("Name", g.name())
                .put("State", "ACTIVE");
    }

    private static String groupName(String name) {
        if (name.isEmpty() || name.length() > 64 || !name.matches("^[0-9a-zA-Z-_.]+$")) {
            throw AwsException.validation(
                    "1 validation error detected: Value '" + name
                            + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$");
        }
        return name;
    }

    private static int maxResults(HttpRequest r) {
        String max = r.queryParam("MaxResults");
        if (max == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(max);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the model's error
        }
        throw AwsException.validation("1 validation error detected: Value '" + max
                + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
    }

    /** A page token: where the last page ended, opaque to the client. */
    private static String token(String token) {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.validation("Invalid NextToken.");
        }
    }

    private static void putToken(ObjectNode out, String next) {
        if (next != null) {
            out.put(
                    "NextToken",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private HttpResponse arn(String field, String arn) throws IOException {
        return ok(json.createObjectNode().put(field, arn));
    }

    private HttpResponse ok(ObjectNode body) throws IOException {
        return HttpResponse.json(200, json.writeValueAsBytes(body));
    }
}
