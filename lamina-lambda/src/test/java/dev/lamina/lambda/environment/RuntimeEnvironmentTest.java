package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search paths a runtime's variables give it. */
class RuntimeEnvironmentTest {
    @Test
    void rubyFindsTheFunctionsFilesItsVendoredGemsAndItsLayersAsOnLambda() {
        Map<String, String> env = RuntimeEnvironment.defaults(
                "ruby3.3", new RuntimePaths(Path.of("/var/task"), Path.of("/var/runtime"), RuntimePaths.OPT, false));
        assertEquals("/var/task:/var/task/lib:/opt/ruby/lib", env.get("RUBYLIB"));
        assertEquals("/var/task/vendor/bundle/ruby/3.3.0:/opt/ruby/gems/3.3.0:", env.get("GEM_PATH"));
    }

    @Test
    void plainProcessesFindLayersWhereTheyAre() {
        Map<String, String> env = RuntimeEnvironment.defaults(
                "ruby3.2", new RuntimePaths(Path.of("/d/task"), Path.of("/d/runtime"), Path.of("/d/opt"), false));
        assertEquals("/d/task:/d/task/lib:/d/opt/ruby/lib", env.get("RUBYLIB"));
        assertEquals("/d/task/vendor/bundle/ruby/3.2.0:/d/opt/ruby/gems/3.2.0:", env.get("GEM_PATH"));
    }

    @Test
    void otherRuntimesHaveNoRubyPaths() {
        Map<String, String> env = RuntimeEnvironment.defaults(
                "python3.12", new RuntimePaths(Path.of("/var/task"), Path.of("/var/runtime"), RuntimePaths.OPT, false));
        assertFalse(env.containsKey("RUBYLIB"));
        assertFalse(env.containsKey("GEM_PATH"));
    }
}
