package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::Scheduler::Schedule} through EventBridge Scheduler's CreateSchedule, UpdateSchedule and
 * DeleteSchedule, in the default schedule group. Ref is the schedule's name; attribute {@code Arn}.
 * The template's members are the API's; a new name needs a new schedule, anything else is put again.
 */
final class ScheduleProvider implements ResourceProvider {
    private final ServiceCalls calls;

    ScheduleProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        String name = calls.name(request, "Name", 64, false);
        return put("POST", name, request.properties());
    }

    private Made put(String method, String name, ObjectNode p) throws Exception {
        ObjectNode in = p.deepCopy();
        in.remove("Name");
        String arn = calls.rest("scheduler", method, "/schedules/" + ServiceCalls.encode(name), in)
                .path("ScheduleArn")
                .asText();
        return new Made(name, Map.of("Arn", arn));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        if (!Objects.equals(
                current.properties().get("Name"), request.properties().get("Name"))) {
            return null;
        }
        return put("PUT", current.physicalId(), request.properties());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        calls.deleteIfPresent("scheduler", "/schedules/" + ServiceCalls.encode(resource.physicalId()));
    }
}
