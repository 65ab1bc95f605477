package dev.lamina.it.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Compares what Lamina answered with what AWS answered; each difference is one line of text. */
final class ParityCheck {
    private static final String PLURAL = " validation errors detected: ";

    private ParityCheck() {}

    static List<String> differences(ParityCase.Expected expected, Observed observed) {
        List<String> out = new ArrayList<>();
        if (observed instanceof Observed.Crash crash) {
            out.add("scenario failed before its last call: " + crash.error());
            return out;
        }
        switch (expected) {
            case ParityCase.Failure want -> {
                if (!(observed instanceof Observed.Failure got)) {
                    out.add("AWS answered " + want.status() + " " + want.code() + ", Lamina succeeded with "
                            + ((Observed.Answer) observed).status());
                    return out;
                }
                if (want.status() != got.status()) {
                    out.add("status " + got.status() + ", AWS " + want.status());
                }
                if (!want.code().equals(got.code())) {
                    out.add("code " + got.code() + ", AWS " + want.code());
                }
                if (!sameMessage(want.message(), got.message())) {
                    out.add("message '" + got.message() + "', AWS '" + want.message() + "'");
                }
            }
            case ParityCase.Answer want -> {
                if (!(observed instanceof Observed.Answer got)) {
                    Observed.Failure f = (Observed.Failure) observed;
                    out.add("AWS answered " + want.status() + ", Lamina failed: " + f.status() + " " + f.code() + " '"
                            + f.message() + "'");
                    return out;
                }
                if (want.status() != got.status()) {
                    out.add("status " + got.status() + ", AWS " + want.status());
                }
                for (Map.Entry<String, Set<String>> e : want.keySets().entrySet()) {
                    Set<String> keys = Observed.keysAt(got.response(), e.getKey());
                    if (!e.getValue().equals(keys)) {
                        out.add(describeKeys(e.getKey(), e.getValue(), keys));
                    }
                }
                for (Map.Entry<String, String> e : want.values().entrySet()) {
                    String value = Observed.render(Observed.valueAt(got.response(), e.getKey()));
                    if (!Objects.equals(e.getValue(), value)) {
                        out.add(e.getKey() + " = " + value + ", AWS " + e.getValue());
                    }
                }
            }
        }
        return out;
    }

    private static String describeKeys(String path, Set<String> want, Set<String> got) {
        String where = path.isEmpty() ? "response" : path;
        if (got == null) {
            return where + " absent, AWS has " + want;
        }
        Set<String> missing = new TreeSet<>(want);
        missing.removeAll(got);
        Set<String> extra = new TreeSet<>(got);
        extra.removeAll(want);
        return where + " keys: missing " + missing + ", extra " + extra;
    }

    /** Equal texts; for several validation errors, the same clauses in any order (AWS's order is not recorded). */
    static boolean sameMessage(String want, String got) {
        if (Objects.equals(want, got)) {
            return true;
        }
        if (want == null || got == null || !want.contains(PLURAL) || !got.contains(PLURAL)) {
            return false;
        }
        String wantHead = want.substring(0, want.indexOf(PLURAL));
        String gotHead = got.substring(0, got.indexOf(PLURAL));
        return wantHead.equals(gotHead) && clauses(want).equals(clauses(got));
    }

    private static Set<String> clauses(String message) {
        return new TreeSet<>(List.of(
                message.substring(message.indexOf(PLURAL) + PLURAL.length()).split("; ")));
    }
}
