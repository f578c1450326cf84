package dev.hinksbot.gateway.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The design's rules on dependencies, checked on the compiled classes: a change that breaks one fails the build. */
class ArchitectureTest {
    /** The main classes only (read from the build's output folder, not by scanning every jar on the class path). */
    static final JavaClasses GATEWAY = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void packagesPointOneWay() {
        slices().matching("dev.hinksbot.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void theAgentToolsStoreAndDomainKnowNothingOfCamel() {
        noClasses().that().resideInAnyPackage("dev.hinksbot.gateway.agent..", "dev.hinksbot.gateway.tools..",
                        "dev.hinksbot.gateway.store..", "dev.hinksbot.gateway.chat..", "dev.hinksbot.gateway.common..",
                        "dev.hinksbot.gateway.config..", "dev.hinksbot.gateway.cron..", "dev.hinksbot.gateway.delivery..")
                // the one exception: camel.* keys are checked against Camel's own option metadata and catalog
                .and().doNotHaveFullyQualifiedName("dev.hinksbot.gateway.config.CamelKeys")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("Camel enters at processors/, channels/ and web/ (DESIGN.md)")
                .check(GATEWAY);
    }

    @Test
    void onlyTheBootstrapKnowsTheWiring() {
        noClasses().that().resideOutsideOfPackages("dev.hinksbot.gateway", "dev.hinksbot.gateway.wiring")
                .should().dependOnClassesThat().resideInAPackage("dev.hinksbot.gateway.wiring..")
                .because("the wiring configurations build and bind everything; nothing they build reaches back for them")
                .check(GATEWAY);
    }

    @Test
    void theCoreDoesNotReachUpToTheSurfaces() {
        noClasses().that().resideInAnyPackage("dev.hinksbot.gateway.agent..", "dev.hinksbot.gateway.tools..",
                        "dev.hinksbot.gateway.store..", "dev.hinksbot.gateway.chat..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hinksbot.gateway.channels..",
                        "dev.hinksbot.gateway.web..", "dev.hinksbot.gateway.processors..", "dev.hinksbot.gateway.cli..",
                        "dev.hinksbot.gateway.delivery..", "dev.hinksbot.gateway.cron..")
                .check(GATEWAY);
    }
}
