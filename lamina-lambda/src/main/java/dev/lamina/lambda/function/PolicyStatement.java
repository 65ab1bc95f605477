package dev.lamina.lambda.function;

/**
 * One statement of a function's resource-based policy, as AddPermission made it. Optional members
 * are {@code null} when not given.
 *
 * @param principal as given: {@code *}, a service ({@code s3.amazonaws.com}), an account id or an ARN
 * @param resource the function ARN, qualified when the permission was added for a qualifier
 */
public record PolicyStatement(
        String sid,
        String action,
        String principal,
        String resource,
        String sourceArn,
        String sourceAccount,
        String principalOrgId,
        String eventSourceToken,
        String functionUrlAuthType) {}
