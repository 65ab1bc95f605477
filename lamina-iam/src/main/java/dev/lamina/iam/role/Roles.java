package dev.lamina.iam.role;

import dev.lamina.iam.policy.PolicyDocument;
import dev.lamina.storage.Transactions;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The node's IAM roles and their permissions: create, read, list and delete roles; put, read, list
 * and delete their inline policies; attach and detach the managed policies the node knows
 * ({@link ManagedPolicies}). Each change is one transaction on the {@link RoleStore}, checked first
 * so that a refused request changes nothing; after it commits, {@link RolePermissions} sees the role
 * as it now is. Thread-safe.
 */
public final class Roles {
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]+/");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int DEFAULT_SESSION = 3600;

    /** One page of a listing, and the marker that continues it ({@code null} after the last). */
    public record Page<T>(List<T> items, String marker) {}

    private final Transactions db;
    private final RoleStore store;
    private final RolePermissions permissions;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String account;

    /** Opens the roles in {@code store} and hands them to {@code permissions}. */
    public Roles(
            Transactions db,
            RoleStore store,
            RolePermissions permissions,
            InstantSource clock,
            RandomGenerator random,
            String account) {
        this.db = db;
        this.store = store;
        this.permissions = permissions;
        this.clock = clock;
        this.random = random;
        this.account = account;
        permissions.load(db.transaction(store::list));
    }

    public Role create(NewRole request) {
        String name = IamErrors.name("roleName", request.name(), 64);
        String path = request.path() == null ? "/" : request.path();
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw IamErrors.validation(
                    "path", path, "satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        }
        if (request.assumeRolePolicyDocument() == null) {
            throw IamErrors.validation("assumeRolePolicyDocument", null, "not be null");
        }
        PolicyDocument.checkTrustPolicy(request.assumeRolePolicyDocument());
        if (request.description() != null && request.description().length() > 1000) {
            throw IamErrors.validation("description", request.description(), "have length less than or equal to 1000");
        }
        int session = request.maxSessionDuration() == null ? DEFAULT_SESSION : request.maxSessionDuration();
        if (session < 3600 || session > 43200) {
            throw IamErrors.validation("maxSessionDuration", session, "have value less than or equal to 43200");
        }
        if (request.tags().size() > 50) {
            throw IamErrors.validation("tags", request.tags().size() + " tags", "have length less than or equal to 50");
        }
        Role role = new Role(
                name,
                path,
                roleId(),
                "arn:aws:iam::" + account + ":role" + path + name,
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                request.assumeRolePolicyDocument(),
                request.description(),
                session,
                request.tags(),
                Map.of(),
                List.of());
        return db.transaction(tx -> {
            if (!store.create(tx, role)) {
                throw IamErrors.alreadyExists("Role with name " + name + " already exists.");
            }
            tx.afterCommit(() -> permissions.put(role));
            return role;
        });
    }

    public Role get(String name) {
        IamErrors.name("roleName", name, 64);
        return db.transaction(tx -> store.find(tx, name)).orElseThrow(() -> noSuchRole(name));
    }

    /**
     * Roles whose path starts with {@code pathPrefix} ({@code null} for all), by name, after the one
     * {@code marker} names, at most {@code maxItems} (1 to 1000, {@code null} for 100).
     */
    public Page<Role> list(String pathPrefix, String marker, Integer maxItems) {
        int limit = maxItems(maxItems);
        List<Role> matching = new ArrayList<>();
        for (Role role : db.transaction(store::list)) {
            if ((pathPrefix == null || role.path().startsWith(pathPrefix))
                    && (marker == null || role.name().compareToIgnoreCase(marker) > 0)) {
                matching.add(role);
            }
        }
        if (matching.size() <= limit) {
            return new Page<>(matching, null);
        }
        List<Role> page = matching.subList(0, limit);
        return new Page<>(List.copyOf(page), page.getLast().name());
    }

    /** Deletes a role that has no inline and no attached policies, as IAM requires. */
    public void delete(String name) {
        IamErrors.name("roleName", name, 64);
        db.transaction(tx -> {
            Role role = store.find(tx, name).orElseThrow(() -> noSuchRole(name));
            if (!role.inlinePolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!role.attachedPolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            store.delete(tx, name);
            tx.afterCommit(() -> permissions.remove(role.arn()));
            return null;
        });
    }

    /** Adds or replaces the role's inline policy {@code policyName}; a malformed document changes nothing. */
    public void putPolicy(String roleName, String policyName, String document) {
        IamErrors.name("roleName", roleName, 64);
        IamErrors.name("policyName", policyName, 128);
        if (document == null) {
            throw IamErrors.validation("policyDocument", null, "not be null");
        }
        PolicyDocument.parse(document);
        change(roleName, role -> role.withInlinePolicy(policyName, document));
    }

    /** The document of the role's inline policy {@code policyName}, as it was put. */
    public String getPolicy(String roleName, String policyName) {
        IamErrors.name("policyName", policyName, 128);
        String document = get(roleName).inlinePolicies().get(policyName);
        if (document == null) {
            throw noSuchPolicy(policyName);
        }
        return document;
    }

    /** The names of the role's inline policies, in order. */
    public List<String> listPolicies(String roleName) {
        return List.copyOf(get(roleName).inlinePolicies().keySet());
    }

    public void deletePolicy(String roleName, String policyName) {
        IamErrors.name("policyName", policyName, 128);
        change(roleName, role -> {
            if (!role.inlinePolicies().containsKey(policyName)) {
                throw noSuchPolicy(policyName);
            }
            return role.withoutInlinePolicy(policyName);
        });
    }

    /** Attaches a managed policy the node knows; attaching it again changes nothing. */
    public void attach(String roleName, String policyArn) {
        ManagedPolicies.ManagedPolicy policy = managed(policyArn);
        change(roleName, role -> {
            if (role.attachedPolicies().contains(policy.arn())) {
                return role;
            }
            List<String> attached = new ArrayList<>(role.attachedPolicies());
            attached.add(policy.arn());
            return role.withAttachedPolicies(attached);
        });
    }

    public void detach(String roleName, String policyArn) {
        checkArn(policyArn);
        change(roleName, role -> {
            if (!role.attachedPolicies().contains(policyArn)) {
                throw IamErrors.noSuchEntity("Policy " + policyArn + " was not found.");
            }
            List<String> attached = new ArrayList<>(role.attachedPolicies());
            attached.remove(policyArn);
            return role.withAttachedPolicies(attached);
        });
    }

    /** The managed policies attached to the role, in the order attached. */
    public List<ManagedPolicies.ManagedPolicy> attached(String roleName) {
        List<ManagedPolicies.ManagedPolicy> out = new ArrayList<>();
        for (String arn : get(roleName).attachedPolicies()) {
            out.add(ManagedPolicies.find(arn));
        }
        return out;
    }

    private interface Change {
        Role apply(Role role);
    }

    private void change(String roleName, Change change) {
        IamErrors.name("roleName", roleName, 64);
        db.transaction(tx -> {
            Role role = store.find(tx, roleName).orElseThrow(() -> noSuchRole(roleName));
            Role changed = change.apply(role);
            if (changed != role) {
                store.update(tx, changed);
                tx.afterCommit(() -> permissions.put(changed));
            }
            return null;
        });
    }

    private static ManagedPolicies.ManagedPolicy managed(String arn) {
        checkArn(arn);
        ManagedPolicies.ManagedPolicy policy = ManagedPolicies.find(arn);
        if (policy == null) {
            throw IamErrors.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
        }
        return policy;
    }

    private static void checkArn(String arn) {
        if (arn == null) {
            throw IamErrors.validation("policyArn", null, "not be null");
        }
        if (arn.length() < 20 || !arn.startsWith("arn:") || arn.split(":", -1).length < 6) {
            throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
        }
    }

    private static int maxItems(Integer maxItems) {
        int limit = maxItems == null ? 100 : maxItems;
        if (limit < 1 || limit > 1000) {
            throw IamErrors.validation("maxItems", limit, "have value less than or equal to 1000");
        }
        return limit;
    }

    private String roleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static dev.lamina.core.AwsException noSuchRole(String name) {
        return IamErrors.noSuchEntity("The role with name " + name + " cannot be found.");
    }

    private static dev.lamina.core.AwsException noSuchPolicy(String name) {
        return IamErrors.noSuchEntity("The role policy with name " + name + " cannot be found.");
    }
}
