package io.moeplatform.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of {@code docs/architecture.md}, checked on the compiled main classes of every
 * module (read from each module's {@code target/classes}; the reactor builds them first).
 *
 * <p>The rules hold without exceptions: the known violations this test first listed
 * (platform-api using training-worker's queue, JDBC in two controllers) were removed by the jobs
 * library.
 */
class ArchitectureTest {

    private static final List<String> MODULES = List.of(
            "moe-core", "checkpoint-store", "jobs", "training-worker", "pruning-service", "platform-api", "moe-cli");

    private static final String ENGINE = "io.moeplatform.core..";
    private static final String STORE = "io.moeplatform.store..";
    private static final String JOBS = "io.moeplatform.jobs..";
    private static final String PLATFORM = "io.moeplatform.platform..";
    private static final String WORKER = "io.moeplatform.worker..";
    private static final String PRUNING = "io.moeplatform.pruning..";
    private static final String CLI = "io.moeplatform.cli..";
    private static final String CLI_LOCAL = "io.moeplatform.cli.local..";
    private static final String SPRING = "org.springframework..";
    private static final String DJL = "ai.djl..";
    private static final String[] JDBC = {"java.sql..", "javax.sql..", "org.springframework.jdbc.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importModules() {
        Path root = Path.of(System.getProperty("moe.reactor.root", ".."));
        Path[] dirs = MODULES.stream()
                .map(m -> root.resolve(m).resolve("target/classes"))
                .toArray(Path[]::new);
        for (Path dir : dirs) {
            assertThat(Files.isDirectory(dir))
                    .as("%s is missing: build the module first (./mvnw -B verify builds every module)", dir)
                    .isTrue();
        }
        classes = new ClassFileImporter().importPaths(dirs);
        // A wrong path would make every rule pass on nothing.
        for (String pkg : List.of(ENGINE, STORE, JOBS, PLATFORM, WORKER, CLI)) {
            assertThat(classes.that(resideInAnyPackage(pkg)))
                    .as("classes in %s", pkg)
                    .isNotEmpty();
        }
    }

    @Test
    void theEngineImportsNoSpringAndNoOtherModule() {
        check(noClasses()
                .that()
                .resideInAPackage(ENGINE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPRING, STORE, PLATFORM, WORKER, PRUNING, CLI)
                .because("moe-core is a plain library on DJL that every other module may use"));
    }

    @Test
    void theStoreImportsNoSpringNoDjlAndNoOtherModule() {
        check(noClasses()
                .that()
                .resideInAPackage(STORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPRING, DJL, ENGINE, PLATFORM, WORKER, PRUNING, CLI)
                .because("checkpoint-store stores bytes and manifests; it knows nothing of tensors"));
    }

    @Test
    void theJobsLibraryImportsNoAppAndNoEngine() {
        check(noClasses()
                .that()
                .resideInAPackage(JOBS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINE, DJL, PLATFORM, WORKER, PRUNING, CLI)
                .because("the job lifecycle is the library the apps are thin around"));
    }

    @Test
    void restCommandsOfTheCliDoNotLoadTheEngine() {
        check(noClasses()
                .that()
                .resideInAPackage(CLI)
                .and()
                .resideOutsideOfPackage(CLI_LOCAL)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINE, DJL)
                .because("a pipeline that only talks to the server must not need the engine's natives;"
                        + " engine commands live in io.moeplatform.cli.local"));
    }

    @Test
    void controllersHoldNoJdbc() {
        check(noClasses()
                .that()
                .areMetaAnnotatedWith("org.springframework.stereotype.Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(JDBC)
                .because("a controller parses, authorises, calls a service and maps the result"));
    }

    @Test
    void noAppModuleImportsAnotherAppsClasses() {
        check(noClasses()
                .that()
                .resideInAPackage(WORKER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PLATFORM, PRUNING, CLI));
        check(noClasses()
                .that()
                .resideInAPackage(PRUNING)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PLATFORM, WORKER, CLI));
        ArchRule platform = noClasses()
                .that()
                .resideInAPackage(PLATFORM)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(WORKER, PRUNING, CLI)
                .because("apps are thin around the libraries; the embedded worker starts by auto-configuration");
        check(platform);
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
