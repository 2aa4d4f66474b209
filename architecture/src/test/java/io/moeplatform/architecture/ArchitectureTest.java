package io.moeplatform.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of {@code docs/architecture.md}, checked on the compiled main classes of every
 * module (read from each module's {@code target/classes}; the reactor builds them first).
 *
 * <p>A rule that today's code still breaks lists its violations as {@code known}, each a pair
 * {@code Origin -> Target} of top-level classes, with the issue that removes them. The test fails
 * on a violation not in the list, and also on a listed one that no longer occurs, so the list
 * only shrinks and never hides a new breach.
 */
class ArchitectureTest {

    private static final List<String> MODULES =
            List.of("moe-core", "checkpoint-store", "training-worker", "pruning-service", "platform-api", "moe-cli");

    private static final String ENGINE = "io.moeplatform.core..";
    private static final String STORE = "io.moeplatform.store..";
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
        for (String pkg : List.of(ENGINE, STORE, PLATFORM, WORKER, CLI)) {
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
        ArchRule rule = noClasses()
                .that()
                .areMetaAnnotatedWith("org.springframework.stereotype.Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(JDBC)
                .because("a controller parses, authorises, calls a service and maps the result");
        Set<String> known = Set.of(
                // issue 17 (jobs library on Spring Data JPA) moves these queries into repositories
                "io.moeplatform.platform.job.JobController -> java.sql.ResultSet",
                "io.moeplatform.platform.job.JobController -> org.springframework.jdbc.core.simple.JdbcClient",
                "io.moeplatform.platform.worker.WorkerController -> java.sql.ResultSet",
                "io.moeplatform.platform.worker.WorkerController -> java.sql.Timestamp",
                "io.moeplatform.platform.worker.WorkerController -> org.springframework.jdbc.core.simple.JdbcClient");
        checkWithKnownViolations(rule, known);
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
        Set<String> known = Set.of(
                // issue 17: the job lifecycle moves into a jobs library that both apps use
                "io.moeplatform.platform.job.JobController -> io.moeplatform.worker.queue.JobQueue",
                "io.moeplatform.platform.job.JobController -> io.moeplatform.worker.queue.JobState",
                "io.moeplatform.platform.job.JobQueueConfiguration -> io.moeplatform.worker.queue.JobQueue",
                "io.moeplatform.platform.job.JobStore -> io.moeplatform.worker.queue.JobState",
                "io.moeplatform.platform.worker.EmbeddedWorkerConfiguration -> io.moeplatform.worker.WorkerConfiguration");
        checkWithKnownViolations(platform, known);
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    private static void checkWithKnownViolations(ArchRule rule, Set<String> known) {
        Set<String> found = violations(rule.evaluate(classes));
        Set<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(known);
        Set<String> fixed = new TreeSet<>(known);
        fixed.removeAll(found);
        assertThat(unexpected)
                .as("new violations of: %s", rule.getDescription())
                .isEmpty();
        assertThat(fixed)
                .as("known violations that no longer occur: remove them from the list of: %s", rule.getDescription())
                .isEmpty();
    }

    /** Violations of a dependency rule as {@code Origin -> Target} pairs of top-level classes. */
    private static Set<String> violations(EvaluationResult result) {
        Set<String> pairs = new TreeSet<>();
        result.<Dependency>handleViolations((dependencies, message) -> {
            for (Dependency d : dependencies) {
                pairs.add(topLevel(d.getOriginClass()) + " -> " + topLevel(d.getTargetClass()));
            }
        });
        return pairs;
    }

    private static String topLevel(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer.getName();
    }
}
