package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Set;

/**
 * Makes, changes and removes resources of one type through the owning service's own API
 * ({@link ServiceCalls}), as CloudFormation's resource handlers do. Called on a stack operation's
 * thread, one call at a time per stack; a call that fails throws the service's
 * {@link dev.lamina.core.AwsException}, which fails the resource and rolls the stack back.
 */
public interface ResourceProvider {
    /** What a provider is asked to make: the resource's properties, resolved. */
    record Request(String stackName, String logicalId, ObjectNode properties) {}

    /**
     * What a provider made.
     *
     * @param physicalId what {@code Ref} gives
     * @param attributes what {@code Fn::GetAtt} gives
     */
    record Made(String physicalId, Map<String, String> attributes) {
        public Made {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * Refuses properties the type does not have, in CloudFormation's words for a resource whose
     * properties fail its schema; the stack then fails this resource and rolls back.
     */
    static void allowOnly(Request request, Set<String> members) {
        for (Map.Entry<String, ?> e : request.properties().properties()) {
            String member = e.getKey();
            if (!members.contains(member)) {
                throw new AwsException(
                        400,
                        "ValidationError",
                        "Properties validation failed for resource " + request.logicalId()
                                + " with message: #: extraneous key [" + member + "] is not permitted");
            }
        }
    }

    /** A step of a provider's work that calls a service. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /**
     * Runs what finishes a create once the resource exists; when that fails, removes the resource
     * (the stack records only what a create returned, so its rollback would never remove it, and
     * the next deploy would find the name taken) and rethrows.
     */
    static void finishOrRemove(Step finish, Step remove) throws Exception {
        try {
            finish.run();
        } catch (Exception e) {
            try {
                remove.run();
            } catch (Exception left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }

    /** Makes the resource. */
    Made create(Request request) throws Exception;

    /**
     * Changes {@code current} in place to {@code request}'s properties; returns {@code null} when the
     * change needs a new resource (then the stack makes one and removes {@code current} once the
     * update succeeded), which is what a provider that changes nothing in place always returns.
     */
    default Made update(Request request, StackResource current) throws Exception {
        return null;
    }

    /** Removes the resource; one already gone is no error. */
    void delete(StackResource resource) throws Exception;
}
