package io.rolegate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering README's "Layout" section claims, checked on the compiled main classes (tests excluded):
 * <pre>
 *   api, web  ->  sso  ->  sts;  api, web  ->  authz;  sts  ->  federation, iam;  authz  ->  iam;  iam  ->  policy, credentials, sigv4  ->  model, error
 *                                    \->  store (all SQL) -> model
 *   platform: the Clock/SecureRandom producers, used by no package and using none
 * </pre>
 * web (the portal's pages) is an edge like api: it may use what api may use; neither uses the other. sso (people's
 * sign-in use cases) may use sts and everything below, and is used by the edges only. cli (operator commands in the
 * same jar) is a top layer too: it uses iam, credentials, store, model and error, and nothing uses it.
 * Each layer may use the layers below it, never one above or beside it (sts may use federation and iam; authz may use
 * iam; federation and iam use neither each other nor sts or authz; sts and authz do not use each other). policy, sigv4, credentials, error, model and the top-level federation
 * package are pure; only store talks SQL. projects, the reference downstream service, reaches the gateway only over HTTP:
 * it uses store, model, sigv4 and error, and nothing uses it. audit (the audit trail) is used by the edges and sso and
 * uses iam, credentials, store, model and error; cli records its operator events through iam.OperatorEvents, which
 * audit implements, so cli never uses audit. Every rule fails when the packages it names hold no classes.
 */
class ArchitectureTest {
    private static final String ROOT = "io.rolegate";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Every package a rule below names; each must hold main classes. */
    private static final List<String> PACKAGES = List.of("api", "cli", "web", "sso", "audit", "sts", "authz", "federation", "federation.runtime", "iam",
            "policy", "credentials", "sigv4", "model", "store", "error", "platform", "projects");

    private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "javax.ws..", "javax.inject..",
            "javax.enterprise..", "java.sql..", "javax.sql..", "io.agroal..", "org.flywaydb..", "io.vertx..",
            "io.netty..", "org.jboss..", "io.smallrye..", "org.eclipse.microprofile..", "io.micrometer.."};
    private static final String[] SQL = {"java.sql..", "javax.sql..", "io.agroal..", "org.flywaydb.."};

    /** No package cycle between the direct sub-packages of {@code root} (and everything beneath each). */
    static ArchRule cycleFree(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        cycleFree(ROOT).check(MAIN);
    }

    @Test
    void theCycleRuleRejectsACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("io.rolegate.archfixture.cycle");
        AssertionError e = assertThrows(AssertionError.class, () -> cycleFree("io.rolegate.archfixture.cycle").check(cyclic));
        assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    }

    @Test
    void layersOnlyUseTheLayersBelow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("io.rolegate.api..")
                .layer("cli").definedBy("io.rolegate.cli..")
                .layer("web").definedBy("io.rolegate.web..")
                .layer("sso").definedBy("io.rolegate.sso..")
                .layer("audit").definedBy("io.rolegate.audit..")
                .layer("sts").definedBy("io.rolegate.sts..")
                .layer("authz").definedBy("io.rolegate.authz..")
                .layer("federation").definedBy("io.rolegate.federation..")
                .layer("iam").definedBy("io.rolegate.iam..")
                .layer("policy").definedBy("io.rolegate.policy..")
                .layer("credentials").definedBy("io.rolegate.credentials..")
                .layer("sigv4").definedBy("io.rolegate.sigv4..")
                .layer("store").definedBy("io.rolegate.store..")
                .layer("model").definedBy("io.rolegate.model..")
                .layer("error").definedBy("io.rolegate.error..")
                .layer("platform").definedBy("io.rolegate.platform..")
                .layer("projects").definedBy("io.rolegate.projects..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyAccessLayers("iam", "credentials", "store", "model", "error")
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("sso").mayOnlyBeAccessedByLayers("api", "web")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("api", "web", "sso")
                .whereLayer("audit").mayOnlyAccessLayers("iam", "credentials", "store", "model", "error")
                .whereLayer("sts").mayOnlyBeAccessedByLayers("api", "web", "sso")
                .whereLayer("authz").mayOnlyBeAccessedByLayers("api", "web")
                .whereLayer("federation").mayOnlyBeAccessedByLayers("api", "web", "sso", "sts")
                .whereLayer("iam").mayOnlyBeAccessedByLayers("api", "cli", "web", "sso", "audit", "sts", "authz")
                .whereLayer("policy").mayOnlyBeAccessedByLayers("api", "web", "sso", "sts", "authz", "federation", "iam")
                .whereLayer("credentials").mayOnlyBeAccessedByLayers("api", "cli", "web", "sso", "audit", "sts", "authz", "federation", "iam")
                .whereLayer("sigv4").mayOnlyBeAccessedByLayers("api", "web", "sso", "sts", "authz", "federation", "iam",
                        "projects")
                .whereLayer("store").mayOnlyBeAccessedByLayers("api", "cli", "web", "sso", "audit", "sts", "authz", "iam", "projects")
                .whereLayer("model").mayOnlyBeAccessedByLayers("api", "cli", "web", "sso", "audit", "sts", "authz", "federation", "iam", "policy",
                        "credentials", "sigv4", "store", "projects")
                .whereLayer("error").mayOnlyBeAccessedByLayers("api", "cli", "web", "sso", "audit", "sts", "authz", "federation", "iam", "policy",
                        "credentials", "sigv4", "store", "model", "projects")
                .whereLayer("platform").mayNotBeAccessedByAnyLayer()
                .whereLayer("platform").mayNotAccessAnyLayer()
                .whereLayer("projects").mayNotBeAccessedByAnyLayer()
                .whereLayer("projects").mayOnlyAccessLayers("store", "model", "sigv4", "error")
                .whereLayer("store").mayOnlyAccessLayers("model", "error")
                .whereLayer("model").mayOnlyAccessLayers("error")
                .whereLayer("error").mayNotAccessAnyLayer()
                .check(MAIN);
    }

    @Test
    void federationCoreDoesNotReachIntoItsRuntimePackage() {
        noClasses().that().resideInAPackage("io.rolegate.federation")
                .should().dependOnClassesThat().resideInAPackage("io.rolegate.federation.runtime..")
                .check(MAIN);
    }

    @Test
    void theCoreIsPure() {
        noClasses().that().resideInAnyPackage("io.rolegate.policy..", "io.rolegate.sigv4..",
                        "io.rolegate.credentials..", "io.rolegate.error..", "io.rolegate.model..",
                        "io.rolegate.federation")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(MAIN);
    }

    @Test
    void onlyTheStoreTalksSql() {
        noClasses().that().resideOutsideOfPackage("io.rolegate.store..")
                .should().dependOnClassesThat().resideInAnyPackage(SQL)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.rolegate.store.Sql")
                .check(MAIN);
    }

    @Test
    void everyPackageTheRulesNameExists() {
        for (String p : PACKAGES) {
            String name = ROOT + "." + p;
            assertTrue(MAIN.stream().anyMatch(c -> c.getPackageName().equals(name)), "no main classes in " + name);
        }
    }
}
