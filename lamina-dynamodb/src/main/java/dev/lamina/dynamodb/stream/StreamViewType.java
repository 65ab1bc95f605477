package dev.lamina.dynamodb.stream;

import dev.lamina.core.AwsException;

/** Which images of a changed item a stream record carries (its keys always). */
public enum StreamViewType {
    KEYS_ONLY(false, false),
    NEW_IMAGE(true, false),
    OLD_IMAGE(false, true),
    NEW_AND_OLD_IMAGES(true, true);

    private final boolean newImage;
    private final boolean oldImage;

    StreamViewType(boolean newImage, boolean oldImage) {
        this.newImage = newImage;
        this.oldImage = oldImage;
    }

    public boolean newImage() {
        return newImage;
    }

    public boolean oldImage() {
        return oldImage;
    }

    /** The view type called {@code name}; DynamoDB's enum ValidationException at {@code field} if none. */
    public static StreamViewType of(String name, String field) {
        for (StreamViewType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw AwsException.validation("1 validation error detected: Value '" + name + "' at '" + field
                + "' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE,"
                + " NEW_AND_OLD_IMAGES, KEYS_ONLY]");
    }
}
