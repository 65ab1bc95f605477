package dev.lamina.it.parity;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Runs the recorded cases against one node, keeps each outcome, and reports the figure. The
 * known-differences list ({@code parity-known-differences.txt} on the test class path) holds one
 * {@code id<TAB>reason} per line.
 */
public final class ParitySuite {
    private final ParityContext ctx;
    private final Map<String, String> known;
    private final Map<ParityCase, List<String>> outcomes = new LinkedHashMap<>();

    private ParitySuite(ParityContext ctx, Map<String, String> known) {
        this.ctx = ctx;
        this.known = known;
    }

    /** Makes the shared fixture (function, version 1, alias, layer) through {@code lambda}. */
    public static ParitySuite start(LambdaClient lambda) throws IOException {
        ParityContext ctx = new ParityContext(lambda);
        ctx.function(ParityContext.FN);
        lambda.publishVersion(r -> r.functionName(ParityContext.FN));
        lambda.createAlias(
                r -> r.functionName(ParityContext.FN).name(ParityContext.ALIAS).functionVersion("1"));
        lambda.publishLayerVersion(r ->
                r.layerName(ParityContext.LAYER).content(c -> c.zipFile(SdkBytes.fromByteArray(ParityContext.ZIP))));
        return new ParitySuite(ctx, knownDifferences());
    }

    public static List<ParityCase> cases() {
        List<ParityCase> all = new ArrayList<>();
        all.addAll(NameMatrixCases.cases());
        all.addAll(FunctionCases.cases());
        all.addAll(ConfigCases.cases());
        all.addAll(ServiceCases.cases());
        return all;
    }

    /** Runs one case; fails if it differs and is not a known difference, or is known but now matches. */
    public void check(ParityCase c) {
        List<String> differences = ParityCheck.differences(c.expected(), Observed.of(c.scenario(), ctx));
        outcomes.put(c, differences);
        boolean listed = known.containsKey(c.id());
        if (!differences.isEmpty() && !listed) {
            fail(c.id() + " (" + c.source() + ") differs from AWS: " + String.join("; ", differences));
        }
        if (differences.isEmpty() && listed) {
            fail(c.id() + " now matches AWS: take it off parity-known-differences.txt");
        }
    }

    /** Prints the figure and writes the report: the figure, then each differing case and why. */
    public void report(Path file) throws IOException {
        long matched = outcomes.values().stream().filter(List::isEmpty).count();
        String figure = "Parity: " + matched + " / " + outcomes.size() + " recorded cases match AWS";
        System.out.println(figure);
        StringBuilder out =
                new StringBuilder(figure).append("\n\n| case | source | difference | reason |\n|---|---|---|---|\n");
        outcomes.forEach((c, diffs) -> {
            if (!diffs.isEmpty()) {
                out.append("| `")
                        .append(c.id())
                        .append("` | ")
                        .append(c.source().replace("|", "\\|"))
                        .append(" | ")
                        .append(cell(String.join("; ", diffs)))
                        .append(" | ")
                        .append(known.getOrDefault(c.id(), "(new)"))
                        .append(" |\n");
            }
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out);
    }

    private static String cell(String text) {
        String flat = text.replace("|", "\\|").replace("\n", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
    }

    private static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = ParitySuite.class.getResourceAsStream("/parity-known-differences.txt")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                known.put(tab < 0 ? line.strip() : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
            }
        }
        return known;
    }
}
