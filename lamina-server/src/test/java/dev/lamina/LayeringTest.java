package dev.lamina;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md, checked: the HTTP side never reaches into processes. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lamina");

    @Test
    void httpHandlersNeverTouchSandboxPoolOrEnvironments() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.lamina.api..", "dev.lamina.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.sandbox..",
                        "dev.lamina.pool..",
                        "dev.lamina.environment..",
                        "dev.lamina.runtimeapi..")
                .check(CLASSES);
    }

    @Test
    void theEdgeKnowsNoApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.lamina.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.api..", "dev.lamina.function..", "dev.lamina.invoke..")
                .check(CLASSES);
    }

    @Test
    void theRuntimeApiKnowsOnlyItsSession() {
        noClasses()
                .that()
                .resideInAPackage("dev.lamina.runtimeapi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.environment..", "dev.lamina.pool..", "dev.lamina.invoke..", "dev.lamina.function..")
                .check(CLASSES);
    }

    @Test
    void theDomainDoesNotDependOnProcesses() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.lamina.function..", "dev.lamina.store..", "dev.lamina.async..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.sandbox..", "dev.lamina.pool..", "dev.lamina.environment..", "dev.lamina.invoke..")
                .check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        SlicesRuleDefinition.slices()
                .matching("dev.lamina.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}
