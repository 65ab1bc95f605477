package dev.lamina.edge;

/**
 * The principal a request acts for while the node serves it: a role's ARN for a request signed with
 * that role's temporary credentials, none for the node's own keys, which are the operator's (decision
 * 38). The edge binds it while a role's route or operation runs, so that what the node then asks of
 * its own services on that request's behalf ({@link NodeRequests}: CloudFormation making a stack's
 * resources, decision 48) is authorized as the role's own requests would be.
 */
public final class RequestPrincipal {
    private static final ScopedValue<String> PRINCIPAL = ScopedValue.newInstance();

    private RequestPrincipal() {}

    /** The principal of the request served on this thread, or {@code null} for the node's operator. */
    public static String current() {
        return PRINCIPAL.isBound() ? PRINCIPAL.get() : null;
    }

    /** Runs {@code task} on this thread acting for {@code principal} ({@code null}: as it is). */
    public static void runAs(String principal, Runnable task) {
        if (principal == null) {
            task.run();
        } else {
            ScopedValue.where(PRINCIPAL, principal).run(task);
        }
    }

    /** Calls {@code op} on this thread acting for {@code principal} ({@code null}: as it is). */
    static <T> T callAs(String principal, ScopedValue.CallableOp<T, Exception> op) throws Exception {
        return principal == null
                ? op.call()
                : ScopedValue.where(PRINCIPAL, principal).call(op);
    }
}
