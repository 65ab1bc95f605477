package dev.lamina.cloudformation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.api.CloudFormationApi;
import dev.lamina.cloudformation.deploy.Stacks;
import dev.lamina.cloudformation.resource.Providers;
import dev.lamina.cloudformation.resource.ServiceCalls;
import dev.lamina.cloudformation.stack.SqliteStackStore;
import dev.lamina.cloudformation.template.TemplateText;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.NodeRequests;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.Query;
import dev.lamina.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The CloudFormation module as the node sees it: stacks on the node's database, their resources made
 * through the node's own services in-process ({@link NodeRequests}, decision 48), and CloudFormation's
 * query API on the edge (signing name {@code cloudformation}). The node builds it, puts its
 * {@link #service()} on the edge, then hands it the edge's {@link NodeRequests} with {@link #start}.
 */
public final class CloudFormationService implements AutoCloseable {
    /** The namespace of the query protocol's answers and errors. */
    public static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    /** How long an action that starts a stack operation waits for it before answering. */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(25);

    private final Database db;
    private final Clock clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;
    private volatile Stacks stacks;

    public CloudFormationService(Database db, Clock clock, RandomGenerator random, String region, String account) {
        this.db = db;
        this.clock = clock;
        this.random = random;
        this.region = region;
        this.account = account;
    }

    /** CloudFormation's API, found by its signing name (its requests are posted to {@code /}). */
    public EdgeService service() {
        return new EdgeService.RestApi(
                "cloudformation",
                "cloudformation",
                new Query(NAMESPACE),
                new Router().fallback((request, params) -> api().handle(request)));
    }

    /** Starts serving, making resources through {@code requests}; ends what the last run left in progress. */
    public void start(NodeRequests requests) {
        Stacks started = new Stacks(
                new SqliteStackStore(db),
                new Providers(new ServiceCalls(requests, random, region, account)),
                clock,
                random,
                region,
                account,
                ANSWER_WITHIN,
                ServiceCalls::asCaller);
        this.stacks = started;
        started.recover();
    }

    private CloudFormationApi api() {
        Stacks current = stacks;
        if (current == null) {
            throw new dev.lamina.core.AwsException(503, "ServiceUnavailable", "CloudFormation is starting");
        }
        return new CloudFormationApi(current, () -> new UUID(random.nextLong(), random.nextLong()).toString());
    }

    /**
     * A template's text (JSON or YAML, short-form tags written out in the long form) as a JSON document,
     * for {@code lamina deploy} to package before sending; throws CloudFormation's "Template format error".
     */
    public static ObjectNode parseTemplate(String text) {
        return TemplateText.parse(text);
    }

    @Override
    public void close() {
        Stacks current = stacks;
        if (current != null) {
            current.close();
        }
    }
}
