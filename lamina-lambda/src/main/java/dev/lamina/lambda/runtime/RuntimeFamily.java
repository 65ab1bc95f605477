package dev.lamina.lambda.runtime;

/** The kinds of runtime Lamina runs, each with its own runtime interface client. */
public enum RuntimeFamily {
    PYTHON,
    NODEJS,
    JAVA,
    RUBY,
    PROVIDED;

    /** The family of a Lambda runtime identifier such as {@code python3.12}, or {@code null}. */
    public static RuntimeFamily of(String runtime) {
        if (runtime == null) {
            return null;
        }
        if (runtime.matches("python3\\.\\d{1,2}")) {
            return PYTHON;
        }
        if (runtime.matches("nodejs\\d{1,2}\\.x")) {
            return NODEJS;
        }
        if (runtime.matches("java\\d{1,2}")) {
            return JAVA;
        }
        if (runtime.matches("ruby\\d\\.\\d{1,2}")) {
            return RUBY;
        }
        if (runtime.equals("provided") || runtime.matches("provided\\.al20\\d{2}")) {
            return PROVIDED;
        }
        return null;
    }
}
