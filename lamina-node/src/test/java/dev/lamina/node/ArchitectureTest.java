package dev.lamina.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md that Maven's module dependencies cannot express, checked over the
 * main classes of every module (this module sees them all). Maven already keeps each service module
 * from depending on another, and the shared modules (core, spi, storage, edge) from depending on any.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lamina");

    /** The invoke path's internals, which nothing outside the Lambda module may see. */
    private static final String[] INVOKE_PATH = {
        "dev.lamina.lambda.pool..",
        "dev.lamina.lambda.environment..",
        "dev.lamina.lambda.sandbox..",
        "dev.lamina.lambda.runtimeapi.."
    };

    /** Lambda's domain: what it knows, stores and decides, without HTTP. */
    private static final String[] LAMBDA_DOMAIN = {
        "dev.lamina.lambda.function..",
        "dev.lamina.lambda.layer..",
        "dev.lamina.lambda.url..",
        "dev.lamina.lambda.async..",
        "dev.lamina.lambda.invoke..",
        "dev.lamina.lambda.store..",
        "dev.lamina.lambda.pool..",
        "dev.lamina.lambda.environment..",
        "dev.lamina.lambda.runtime..",
        "dev.lamina.lambda.runtimeapi..",
        "dev.lamina.lambda.sandbox.."
    };

    /** Protocol code: parses a request, calls one domain operation, renders. */
    private static final String[] PROTOCOL = {
        "dev.lamina.edge..",
        "dev.lamina.lambda.api..",
        "dev.lamina.logs.api..",
        "dev.lamina.s3.api..",
        "dev.lamina.sqs.api..",
        "dev.lamina.dynamodb.api..",
        "dev.lamina.scheduler.api..",
        "dev.lamina.iam.api..",
        "dev.lamina.kinesis.api..",
        "dev.lamina.apigateway.api..",
        "dev.lamina.cloudformation.api..",
        "dev.lamina.cloudwatch.api.."
    };

    /** The schedules module's domain: expressions, lifecycles, schedules, rules, firing. */
    private static final String[] SCHEDULER_DOMAIN = {
        "dev.lamina.scheduler.expression..",
        "dev.lamina.scheduler.timer..",
        "dev.lamina.scheduler.schedule..",
        "dev.lamina.scheduler.rules..",
        "dev.lamina.scheduler.tags..",
        "dev.lamina.scheduler.fire.."
    };

    @Test
    void onlyTheLambdaModuleSeesTheInvokePath() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.lambda..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INVOKE_PATH)
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheLambdaServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.lambda..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.lambda.*..")
                .because("other modules reach Lambda through dev.lamina.spi.lambda; the node builds it with"
                        + " LambdaService and its configuration records")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheSchedulerServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.scheduler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.scheduler.*..")
                .because("the node builds the schedules module with SchedulerService and SchedulerConfig")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheIamServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.iam..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.iam.*..")
                .because("other modules ask IAM through dev.lamina.spi.iam.Authorizer; the node builds it with"
                        + " IamService")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheKinesisServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.kinesis..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.kinesis.*..")
                .because("the node builds the Kinesis module with KinesisService")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheApiGatewayServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.apigateway..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.apigateway.*..")
                .because("the node builds the API Gateway module with ApiGatewayService")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheCloudFormationServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.cloudformation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.cloudformation.*..")
                .because("the node builds the CloudFormation module with CloudFormationService")
                .check(CLASSES);
    }

    @Test
    void theNodeSeesOnlyTheDynamoDbServiceItself() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lamina.dynamodb..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.dynamodb.*..")
                .because("the node builds the DynamoDB module with DynamoDbService")
                .check(CLASSES);
    }

    @Test
    void metricsHearLambdaOnlyThroughTheSpiAndOnlyTheNodeSeesThem() {
        noClasses()
                .that()
                .resideInAPackage("dev.lamina.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.lambda..", "dev.lamina.edge..", "dev.lamina.node..")
                .because("metering and metrics hear invocations through dev.lamina.spi.lambda.InvocationObserver;"
                        + " the node serves them (decision 47)")
                .check(CLASSES);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.lamina.metrics..", "dev.lamina.node..", "dev.lamina.console..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.metrics..")
                .because("services tell what ran through the SPI; only the node builds the metrics (the console"
                        + " reads the usage report, decision 63)")
                .check(CLASSES);
    }

    @Test
    void theConsoleReachesServicesOnlyThroughTheNodesOwnApis() {
        classes()
                .that()
                .resideInAPackage("dev.lamina.console..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.console..",
                        "dev.lamina.core..",
                        "dev.lamina.edge",
                        "dev.lamina.edge.protocol..",
                        "dev.lamina.metrics.usage..",
                        "com.fasterxml.jackson..",
                        "java..")
                .because("the console calls Lambda, Logs and CloudWatch through NodeRequests, as their clients"
                        + " do, and never their pools, stores or sandboxes (decision 63)")
                .check(CLASSES);
    }

    @Test
    void protocolCodeNeverTouchesStorageFilesOrProcesses() {
        noClasses()
                .that()
                .resideInAnyPackage(PROTOCOL)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.storage..",
                        "dev.lamina.lambda.store..",
                        "dev.lamina.lambda.pool..",
                        "dev.lamina.lambda.environment..",
                        "dev.lamina.lambda.sandbox..",
                        "dev.lamina.lambda.runtimeapi..",
                        "java.sql..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.file.Files")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.channels.FileChannel")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.ProcessHandle")
                .check(CLASSES);
    }

    @Test
    void theEdgeNeverImportsAService() {
        noClasses()
                .that()
                .resideInAPackage("dev.lamina.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.lambda..",
                        "dev.lamina.logs..",
                        "dev.lamina.s3..",
                        "dev.lamina.scheduler..",
                        "dev.lamina.iam..",
                        "dev.lamina.kinesis..",
                        "dev.lamina.apigateway..",
                        "dev.lamina.metrics..",
                        "dev.lamina.cloudformation..",
                        "dev.lamina.cloudwatch..",
                        "dev.lamina.spi..",
                        "dev.lamina.storage..",
                        "dev.lamina.node..")
                .because("services declare themselves to the edge (EdgeService); the edge knows none of them")
                .check(CLASSES);
    }

    @Test
    void protocolCodecsArePure() {
        classes()
                .that()
                .resideInAPackage("dev.lamina.edge.protocol..")
                .should()
                .onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(
                                "dev.lamina.edge.protocol..",
                                "dev.lamina.core..",
                                "com.fasterxml.jackson..",
                                "java.lang..",
                                "java.util..",
                                "java.math..",
                                "java.time..",
                                "java.nio.charset..")
                        .or(JavaClass.Predicates.equivalentTo(java.io.IOException.class)))
                .because("a codec turns errors and documents into bytes: no server, no storage, no files, no"
                        + " processes")
                .check(CLASSES);
    }

    @Test
    void domainCodeNeverImportsTheEdge() {
        noClasses()
                .that()
                .resideInAnyPackage(LAMBDA_DOMAIN)
                .or()
                .resideInAnyPackage(
                        "dev.lamina.logs",
                        "dev.lamina.s3",
                        "dev.lamina.sqs.queue..",
                        "dev.lamina.sqs.message..",
                        "dev.lamina.dynamodb.attribute..",
                        "dev.lamina.dynamodb.expression..",
                        "dev.lamina.dynamodb.table..",
                        "dev.lamina.dynamodb.item..",
                        "dev.lamina.dynamodb.stream..",
                        "dev.lamina.iam.policy..",
                        "dev.lamina.iam.role..",
                        "dev.lamina.kinesis.stream..",
                        "dev.lamina.kinesis.record..",
                        "dev.lamina.apigateway.http..",
                        "dev.lamina.apigateway.route..",
                        "dev.lamina.metrics..",
                        "dev.lamina.cloudformation.template..",
                        "dev.lamina.cloudformation.stack..",
                        "dev.lamina.cloudformation.deploy..",
                        "dev.lamina.cloudwatch.metric..",
                        "dev.lamina.cloudwatch.store..",
                        "dev.lamina.cloudwatch.lambda..",
                        "dev.lamina.storage..",
                        "dev.lamina.core..",
                        "dev.lamina.spi..")
                .or()
                .resideInAnyPackage(SCHEDULER_DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lamina.edge..")
                .check(CLASSES);
    }

    @Test
    void theRuntimeApiKnowsOnlyItsSession() {
        noClasses()
                .that()
                .resideInAPackage("dev.lamina.lambda.runtimeapi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.lambda.environment..",
                        "dev.lamina.lambda.pool..",
                        "dev.lamina.lambda.invoke..",
                        "dev.lamina.lambda.function..")
                .check(CLASSES);
    }

    @Test
    void lambdasDomainDoesNotDependOnProcesses() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.lamina.lambda.function..",
                        "dev.lamina.lambda.layer..",
                        "dev.lamina.lambda.url..",
                        "dev.lamina.lambda.store..",
                        "dev.lamina.lambda.async..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lamina.lambda.sandbox..",
                        "dev.lamina.lambda.pool..",
                        "dev.lamina.lambda.environment..",
                        "dev.lamina.lambda.invoke..")
                .check(CLASSES);
    }

    @Test
    void modulesHaveNoCycles() {
        SlicesRuleDefinition.slices()
                .matching("dev.lamina.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void lambdasPackagesHaveNoCycles() {
        SlicesRuleDefinition.slices()
                .matching("dev.lamina.lambda.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void dynamoDbsPackagesHaveNoCycles() {
        SlicesRuleDefinition.slices()
                .matching("dev.lamina.dynamodb.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}
