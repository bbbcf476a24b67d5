package io.infergate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The import graph of the gateway's own classes, as docs/architecture.md draws it: one direction from the edge down to
 * the cluster model, so each package can be read and changed knowing only the packages below it.
 *
 * <pre>
 * edge                      Netty and Vert.x edge: deadlines, refusals, request id, one credential
 *  api                      the operations and InferGate's own endpoints; the only mapping of failures to HTTP
 *   lifecycle  policy       what happens after a create; defaults and rules
 *   limits  idempotency     rate limits; Idempotency-Key on create
 *    routing                where each request goes (clusterId, locate by fan-out)
 *     security              who the caller is and what it may do (grants, the by-id verdict)
 *      contract  upstream   the vendor contract; one guarded client per cluster
 *       cluster             the cluster model: clusters, their configuration, who may use which
 *       sharedstate         where limits and keys live: Redis when configured, else memory
 *        error  observability  the gateway's one error type; meter names, tags, spans
 * </pre>
 *
 * A package may use only the tiers below its own, never its own tier's neighbours. The simulator is a separate
 * application packaged in the same jar: nothing of the gateway imports it, and of the gateway it imports only the vendor
 * contract (and the error type the contract's checks throw), so that both read bodies by one contract.
 */
@AnalyzeClasses(packages = "io.infergate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Top to bottom; a package may depend on the packages of later tiers only. */
    static final List<List<String>> TIERS = List.of(
            List.of("edge"),
            List.of("api"),
            List.of("lifecycle", "policy", "limits", "idempotency"),
            List.of("routing"),
            List.of("security"),
            List.of("contract", "upstream"),
            List.of("cluster", "sharedstate"),
            List.of("error", "observability"));

    @ArchTest
    static final ArchRule noCycleBetweenTopLevelPackages = slices().matching("io.infergate.(*)..")
            .should()
            .beFreeOfCycles()
            .because("a package in a cycle cannot be understood or changed on its own");

    @ArchTest
    static final ArchRule eachTierUsesOnlyTheTiersBelowIt = tiers()
            .because("the request path runs one way: edge, api, features, cluster model");

    @ArchTest
    static final ArchRule theGatewayNeverImportsTheSimulator = noClasses().that()
            .resideOutsideOfPackage("io.infergate.simulator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.infergate.simulator..")
            .because("the simulator is a separate application that production may leave disabled");

    @ArchTest
    static final ArchRule theSimulatorImportsOnlyTheContractOfTheGateway = noClasses().that()
            .resideInAPackage("io.infergate.simulator..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("io.infergate.simulator..", "io.infergate.contract..", "io.infergate.error..",
                    "java..", "javax..", "jakarta..", "com..", "org..", "io.quarkus..", "io.vertx..", "io.smallrye..",
                    "io.netty..", "io.micrometer..", "io.opentelemetry..")
            .because("it plays a Run:ai control plane, which knows nothing of InferGate but the vendor contract both read"
                    + " bodies by");

    private static LayeredArchitecture tiers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : TIERS) {
            for (String name : tier) {
                layers = layers.layer(name).definedBy("io.infergate." + name + "..");
            }
        }
        for (int below = 1; below < TIERS.size(); below++) {
            String[] above = TIERS.subList(0, below).stream().flatMap(List::stream).toArray(String[]::new);
            for (String name : TIERS.get(below)) {
                layers = layers.whereLayer(name).mayOnlyBeAccessedByLayers(above);
            }
        }
        return layers.whereLayer(TIERS.get(0).get(0)).mayNotBeAccessedByAnyLayer();
    }
}
