package dev.lamina.lambda.async;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.util.regex.Pattern;

/**
 * Which ARNs can receive what asynchronous invocations leave behind. Lambda sends invocation records
 * to Lambda functions, SQS queues, SNS topics, EventBridge buses and S3 buckets, and dead letters
 * to SQS and SNS; a Lamina node has functions and queues, so its own functions and its own queues can
 * be destinations, and the others are refused with a message saying so.
 */
public final class Destinations {
    private static final Pattern DESTINATION_ARN = Pattern.compile(
            "^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");
    private static final Pattern RESOURCE_ARN = Pattern.compile("(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()");
    private static final int MAX_DESTINATION = 350;

    private final Arns arns;
    private final FunctionRegistry functions;

    public Destinations(Arns arns, FunctionRegistry functions) {
        this.arns = arns;
        this.functions = functions;
    }

    /**
     * Checks a destination; returns it, or {@code null} when it is empty (no destination).
     *
     * @param member where it was in the request, e.g. {@code destinationConfig.onSuccess.destination}
     */
    public String check(String arn, String member, String self) {
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (arn.length() > MAX_DESTINATION) {
            throw AwsException.validation("1 validation error detected: Value '" + arn + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to "
                    + MAX_DESTINATION);
        }
        new Violations()
                .check(LambdaMembers.at(LambdaMembers.DESTINATION, member), arn)
                .throwIfAny();
        String service = arn.split(":", -1)[2];
        if (service.equals("sqs")) {
            if (!arn.startsWith("arn:aws:sqs:" + arns.region() + ":" + arns.account() + ":") || arn.endsWith(".fifo")) {
                throw LambdaErrors.invalidParameter("The destination ARN " + arn + " is invalid: a queue destination"
                        + " is a standard queue of this node (" + arns.region() + ", account " + arns.account()
                        + ").");
            }
            return arn;
        }
        if (!service.equals("lambda")) {
            throw LambdaErrors.invalidParameter("The destination " + arn + " is " + kind(service)
                    + ", and this Lamina node has no such service yet: only functions and queues can be destinations.");
        }
        Arns.FunctionRef ref = functionRef(arn);
        if (ref.name().equals(self)) {
            throw LambdaErrors.invalidParameter("You can't specify the function as a destination for itself.");
        }
        try {
            functions.version(ref.name(), ref.qualifier());
        } catch (AwsException e) {
            throw LambdaErrors.invalidParameter("The destination ARN " + arn + " is invalid.");
        }
        return arn;
    }

    /** Whether a checked destination is a queue (else it is a function). */
    public static boolean isQueue(String destination) {
        return destination.startsWith("arn:aws:sqs:");
    }

    /**
     * Whether a destination names a service that can take events at all (Lambda, SQS, SNS,
     * EventBridge, S3); Lambda calls any other a invalid destination configuration.
     */
    public static boolean isDestinationService(String arn) {
        if (arn == null || arn.isEmpty() || !arn.startsWith("arn:")) {
            return true;
        }
        String[] parts = arn.split(":", -1);
        return parts.length < 3
                || java.util.Set.of("lambda", "sqs", "sns", "events", "s3").contains(parts[2]);
    }

    /**
     * Checks {@code DeadLetterConfig.TargetArn} of Create/UpdateFunctionConfiguration; returns it, or
     * {@code null} when it is empty (no dead-letter queue, or the one there was removed). A dead-letter
     * queue is a standard queue of this node, as a queue destination is; an SNS topic is refused, since
     * the node has no topics.
     */
    public String checkDeadLetterTarget(String targetArn) {
        if (targetArn == null || targetArn.isEmpty()) {
            return null;
        }
        if (!RESOURCE_ARN.matcher(targetArn).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + targetArn
                    + "' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular"
                    + " expression pattern: " + RESOURCE_ARN.pattern());
        }
        String[] parts = targetArn.split(":", -1);
        String service = parts.length > 2 ? parts[2] : "";
        if (service.equals("sns")) {
            throw LambdaErrors.invalidParameter("DeadLetterConfig.TargetArn " + targetArn + " is " + kind(service)
                    + ", and this Lamina node has no topics: a dead-letter queue is a queue of this node.");
        }
        if (!service.equals("sqs")) {
            throw LambdaErrors.invalidParameter("The provided target arn " + targetArn
                    + " is invalid: a dead-letter queue is an Amazon SQS queue or an Amazon SNS topic.");
        }
        if (!targetArn.startsWith("arn:aws:sqs:" + arns.region() + ":" + arns.account() + ":")
                || targetArn.endsWith(".fifo")) {
            throw LambdaErrors.invalidParameter("The provided target arn " + targetArn + " is invalid: a dead-letter"
                    + " queue is a standard queue of this node (" + arns.region() + ", account " + arns.account()
                    + ").");
        }
        return targetArn;
    }

    /** The function a Lambda destination ARN names. */
    public Arns.FunctionRef functionRef(String arn) {
        try {
            return arns.parse(arn, null);
        } catch (AwsException e) {
            throw LambdaErrors.invalidParameter("The destination " + arn + " is not a function of this node ("
                    + arns.region() + ", account " + arns.account() + ").");
        }
    }

    private static String kind(String service) {
        return switch (service) {
            case "sqs" -> "an Amazon SQS queue";
            case "sns" -> "an Amazon SNS topic";
            case "events" -> "an Amazon EventBridge event bus";
            case "s3" -> "an Amazon S3 bucket";
            default -> "a resource of the '" + service + "' service";
        };
    }
}
