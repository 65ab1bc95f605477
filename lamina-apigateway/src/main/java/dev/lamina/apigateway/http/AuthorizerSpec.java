package dev.lamina.apigateway.http;

import dev.lamina.core.AwsException;
import java.util.List;

/**
 * What CreateAuthorizer asks for.
 *
 * @param uri a REQUEST authorizer's function, as a function ARN or API Gateway's invocation URI
 * @param resultTtlSeconds {@code null} for 0
 * @param jwt a JWT authorizer's issuer and audiences
 */
public record AuthorizerSpec(
        String name,
        String type,
        String uri,
        List<String> identitySource,
        String payloadFormatVersion,
        boolean simpleResponses,
        Integer resultTtlSeconds,
        HttpApi.Jwt jwt) {
    /**
     * The authorizer this asks for, with id {@code id}.
     *
     * @throws AwsException BadRequestException for another type, a REQUEST authorizer whose URI is not
     *     a function, with a missing or unknown payload format, simple responses with 1.0, a TTL out of
     *     range or caching without an identity source; a JWT authorizer without one identity source,
     *     an issuer or an audience
     */
    HttpApi.Authorizer authorizer(String id) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw badRequest("Invalid authorizer name: a name is 1 to 128 characters.");
        }
        for (String source : identitySource) {
            if (!source.matches("\\$(request\\.header|request\\.querystring|context|stageVariables)\\.[^.\\s]+")) {
                throw badRequest("Invalid identity source " + source + ": it is $request.header.<name>,"
                        + " $request.querystring.<name>, $context.<name> or $stageVariables.<name>.");
            }
        }
        return switch (type == null ? "" : type) {
            case "REQUEST" -> lambdaAuthorizer(id);
            case "JWT" -> jwtAuthorizer(id);
            default ->
                throw badRequest("Unsupported authorizer type " + type
                        + "; this node runs REQUEST (Lambda) and JWT authorizers.");
        };
    }

    private HttpApi.Authorizer lambdaAuthorizer(String id) {
        String uri = uri();
        if (uri == null || !uri.startsWith("arn:aws:lambda:") && !uri.startsWith("arn:aws:apigateway:")) {
            throw badRequest("Invalid authorizer URI " + uri + ": a REQUEST authorizer names a Lambda function.");
        }
        String format = payloadFormatVersion();
        if (!"1.0".equals(format) && !"2.0".equals(format)) {
            throw badRequest("AuthorizerPayloadFormatVersion is required for a REQUEST authorizer: 1.0 or 2.0.");
        }
        if (simpleResponses() && !format.equals("2.0")) {
            throw badRequest("EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion 2.0.");
        }
        int ttl = resultTtlSeconds() == null ? 0 : resultTtlSeconds();
        if (ttl < 0 || ttl > 3600) {
            throw badRequest("AuthorizerResultTtlInSeconds must be between 0 and 3600.");
        }
        if (ttl > 0 && identitySource().isEmpty()) {
            throw badRequest("IdentitySource is required when authorizer caching is enabled.");
        }
        return new HttpApi.Authorizer(
                id,
                name(),
                "REQUEST",
                ApiRoutes.functionArn(uri),
                identitySource(),
                format,
                simpleResponses(),
                ttl,
                null);
    }

    private HttpApi.Authorizer jwtAuthorizer(String id) {
        if (identitySource().size() != 1) {
            throw badRequest(
                    "A JWT authorizer takes exactly one identity source, such as $request.header.Authorization.");
        }
        if (jwt == null || jwt.issuer() == null || !jwt.issuer().matches("https?://\\S+")) {
            throw badRequest("JwtConfiguration.Issuer is required for a JWT authorizer: the issuer's URL.");
        }
        if (jwt.audience().isEmpty()) {
            throw badRequest("JwtConfiguration.Audience is required for a JWT authorizer: at least one audience.");
        }
        if (uri() != null) {
            throw badRequest("AuthorizerUri is not supported for a JWT authorizer.");
        }
        return new HttpApi.Authorizer(id, name(), "JWT", null, identitySource(), null, false, 0, jwt);
    }

    private static AwsException badRequest(String message) {
        return Apis.badRequest(message);
    }
}
