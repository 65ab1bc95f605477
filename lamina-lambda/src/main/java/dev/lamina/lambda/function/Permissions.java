package dev.lamina.lambda.function;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resource-based policies (AddPermission/GetPolicy/RemovePermission): one per function version or
 * alias, each a list of statements. Stored and returned as Lambda does; {@link #allows} answers
 * whether a caller that is not the owner may do something.
 */
public final class Permissions {
    /**
     * A principal Lambda accepts: anyone ({@code *}), an account, an IAM ARN, or a service principal
     * ({@code s3.amazonaws.com}, the Alexa ones on {@code amazon.com}).
     */
    private static final Pattern LAMBDA_PRINCIPAL = Pattern.compile(
            "\\*|\\d{12}|arn:aws[a-zA-Z-]*:(iam|sts)::\\d{12}:\\S+|[a-z0-9][a-z0-9.-]*\\.amazon(aws)?\\.com(\\.cn)?");

    private static final Pattern ACTION = Pattern.compile("(lambda:[*]|lambda:[a-zA-Z]+|[*])");
    private static final Pattern PRINCIPAL = Pattern.compile("[^\\s]+");

    private final FunctionStore store;
    private final FunctionRegistry registry;
    private final Functions functions;
    /** Statements by function name, then by qualifier ({@code ""} for the unqualified function). */
    private final PerQualifier<List<PolicyStatement>> policies;

    /** @param functions gives the function a new revision id on every change of a policy */
    public Permissions(FunctionStore store, FunctionRegistry registry, Functions functions) {
        this.store = store;
        this.registry = registry;
        this.functions = functions;
        this.policies = new PerQualifier<>(registry);
        store.allPolicies().forEach((key, statements) -> {
            int colon = key.indexOf(':');
            of(key.substring(0, colon)).put(key.substring(colon + 1), List.copyOf(statements));
        });
    }

    /** Adds a statement; the function's revision changes, as on Lambda. */
    public PolicyStatement add(String name, String qualifier, PolicyStatement requested, String revision) {
        synchronized (registry) {
            return addLocked(name, qualifier, requested, revision);
        }
    }

    private PolicyStatement addLocked(String name, String qualifier, PolicyStatement requested, String revision) {
        if (FunctionRegistry.LATEST.equals(qualifier)) {
            throw LambdaErrors.invalidParameter("We currently do not support adding policies for $LATEST.");
        }
        String sid = requested.sid();
        new Violations().require(LambdaMembers.STATEMENT_ID, sid).throwIfAny();
        checkTarget(name, qualifier, revision);
        if (!LAMBDA_PRINCIPAL
                .matcher(requested.principal() == null ? "" : requested.principal())
                .matches()) {
            throw LambdaErrors.invalidParameter(
                    "The provided principal was invalid. Please check the principal and try again.");
        }
        if (requested.action() == null || !ACTION.matcher(requested.action()).matches()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + requested.action()
                    + "' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " (lambda:[*]|lambda:[a-zA-Z]+|[*])");
        }
        if (requested.principal() == null
                || !PRINCIPAL.matcher(requested.principal()).matches()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + requested.principal()
                    + "' at 'principal' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [^\\s]+");
        }
        if (requested.functionUrlAuthType() != null
                && !List.of("NONE", "AWS_IAM").contains(requested.functionUrlAuthType())) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '"
                    + requested.functionUrlAuthType() + "' at 'functionUrlAuthType' failed to satisfy constraint:"
                    + " Member must satisfy enum value set: [NONE, AWS_IAM]");
        }
        List<PolicyStatement> current = statements(name, qualifier);
        if (current.stream().anyMatch(s -> s.sid().equals(sid))) {
            throw LambdaErrors.conflict("The statement id (" + sid + ") provided already exists. Please provide a"
                    + " new statement id, or remove the existing statement.");
        }
        PolicyStatement statement = new PolicyStatement(
                sid,
                requested.action(),
                requested.principal(),
                registry.arns().functionArn(name, qualifier),
                requested.sourceArn(),
                requested.sourceAccount(),
                requested.principalOrgId(),
                requested.eventSourceToken(),
                requested.functionUrlAuthType());
        List<PolicyStatement> next = new ArrayList<>(current);
        next.add(statement);
        save(name, qualifier, next);
        return statement;
    }

    /** The statements of a version's or alias's policy; empty when it has none. */
    public List<PolicyStatement> statements(String name, String qualifier) {
        registry.version(name, qualifier);
        return of(name).getOrDefault(key(qualifier), List.of());
    }

    public void remove(String name, String qualifier, String sid, String revision) {
        synchronized (registry) {
            if (!registry.exists(name)) {
                throw AwsException.notFound(
                        "No policy found for: " + registry.arns().functionArn(name));
            }
            checkTarget(name, qualifier, revision);
            List<PolicyStatement> current = statements(name, qualifier);
            if (current.isEmpty()) {
                throw AwsException.notFound("No policy is associated with the given resource.");
            }
            removeLocked(name, qualifier, sid, current);
        }
    }

    private void removeLocked(String name, String qualifier, String sid, List<PolicyStatement> current) {
        List<PolicyStatement> next =
                current.stream().filter(s -> !s.sid().equals(sid)).toList();
        if (next.size() == current.size()) {
            throw AwsException.notFound("Statement " + sid + " is not found in resource policy.");
        }
        save(name, qualifier, next);
    }

    /**
     * Whether the policy of what {@code qualifier} names lets {@code principal} (an account id, a
     * service, or {@code *} for anyone) perform {@code action}; a URL's auth type must match too.
     */
    public boolean allows(String name, String qualifier, String principal, String action, String urlAuthType) {
        return allows(name, qualifier, principal, action, urlAuthType, null);
    }

    /**
     * {@link #allows(String, String, String, String, String)} for a call on behalf of {@code sourceArn}
     * (an S3 bucket's ARN, say): a statement with a {@code SourceArn} condition allows only a source
     * it matches, where {@code *} in the condition stands for any run of characters and {@code ?} for one.
     */
    public boolean allows(
            String name, String qualifier, String principal, String action, String urlAuthType, String sourceArn) {
        for (PolicyStatement s : of(name).getOrDefault(key(qualifier), List.of())) {
            if (s.sourceArn() != null && (sourceArn == null || !arnLike(s.sourceArn(), sourceArn))) {
                continue;
            }
            boolean actionMatches = s.action().equals("*")
                    || s.action().equals("lambda:*")
                    || s.action().equalsIgnoreCase(action);
            boolean principalMatches =
                    s.principal().equals("*") || s.principal().equals(principal);
            boolean urlMatches = urlAuthType == null || urlAuthType.equals(s.functionUrlAuthType());
            if (actionMatches && principalMatches && urlMatches) {
                return true;
            }
        }
        return false;
    }

    /** IAM's {@code ArnLike}: {@code *} matches any run of characters, {@code ?} any one. */
    static boolean arnLike(String pattern, String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return arn.matches(regex.toString());
    }

    private void checkTarget(String name, String qualifier, String revision) {
        FunctionConfig latest = registry.get(name);
        if (qualifier != null && !qualifier.equals(FunctionRegistry.LATEST)) {
            registry.resolve(name, qualifier);
        }
        if (revision != null && !revision.equals(latest.revisionId())) {
            throw LambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. "
                    + "Call the GetPolicy API to retrieve the latest Revision Id");
        }
    }

    private void save(String name, String qualifier, List<PolicyStatement> statements) {
        store.putPolicy(name, key(qualifier), statements);
        of(name).put(key(qualifier), List.copyOf(statements));
        functions.touch(name);
    }

    private static String key(String qualifier) {
        return qualifier == null ? "" : qualifier;
    }

    private Map<String, List<PolicyStatement>> of(String name) {
        return policies.of(name);
    }
}
