package dev.lamina.spi.iam;

/**
 * IAM as the node's other parts reach it: whether a role may perform an action on a resource, by the
 * identity-based policies (inline and attached) of that role in the node's IAM (decision 38). A
 * principal that is no role of the node's IAM may do everything: the node's documented default, so
 * that a function whose role was never created keeps working. Answers from memory. Thread-safe.
 */
public interface Authorizer {
    /**
     * @param principal the role ARN temporary credentials act for, e.g.
     *     {@code arn:aws:iam::000000000000:role/reader}
     * @param action e.g. {@code s3:GetObject}
     * @param resource an ARN, e.g. {@code arn:aws:s3:::photos/cat.jpg}, or {@code *}
     */
    boolean allows(String principal, String action, String resource);
}
