package dev.lamina.iam;

import dev.lamina.edge.EdgeService;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.Query;
import dev.lamina.iam.api.IamApi;
import dev.lamina.iam.role.RolePermissions;
import dev.lamina.iam.role.Roles;
import dev.lamina.iam.role.SqliteRoleStore;
import dev.lamina.spi.iam.Authorizer;
import dev.lamina.storage.Database;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * The IAM module as the node sees it (decision 38): builds the roles on the node's database, hands
 * out IAM's API on the edge (signing name {@code iam}, the query protocol) and the
 * {@link Authorizer} the edge asks about requests signed with a role's temporary credentials.
 */
public final class IamService {
    /** The namespace of IAM's query answers and errors. */
    public static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final RolePermissions permissions = new RolePermissions();
    private final IamApi api;

    /** @param random for role ids and request ids */
    public IamService(Database db, InstantSource clock, RandomGenerator random, String account) {
        Roles roles = new Roles(db, new SqliteRoleStore(db), permissions, clock, random, account);
        this.api = new IamApi(roles, random);
    }

    /** IAM's API, found by its signing name only (its requests are posted to {@code /}). */
    public EdgeService service() {
        return new EdgeService.RestApi(
                "iam", "iam", new Query(NAMESPACE), new Router().fallback((request, params) -> api.handle(request)));
    }

    /** Whether a role may do what a request asks. */
    public Authorizer authorizer() {
        return permissions;
    }
}
