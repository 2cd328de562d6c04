package io.rolegate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the pure packages pure: no framework, no HTTP, no SQL. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rolegate");

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("io.rolegate.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void purePackagesUseNoFrameworkHttpOrJdbc() {
        noClasses().that().resideInAnyPackage("io.rolegate.policy..", "io.rolegate.sigv4..", "io.rolegate.credentials..",
                        "io.rolegate.error..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax.ws..",
                        "java.sql..", "javax.sql..", "io.vertx..", "org.jboss..", "io.smallrye..", "io.agroal..",
                        "org.flywaydb..", "org.eclipse.microprofile..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void policyDependsOnNothingButTheJdkJacksonAndItself() {
        noClasses().that().resideInAPackage("io.rolegate.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rolegate.iam..", "io.rolegate.sts..",
                        "io.rolegate.store..", "io.rolegate.api..", "io.rolegate.federation..", "io.rolegate.web..",
                        "io.rolegate.credentials..", "io.rolegate.sigv4..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void onlyTheStoreTalksSql() {
        noClasses().that().resideOutsideOfPackage("io.rolegate.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
                .allowEmptyShould(true)
                .check(MAIN);
    }
}
