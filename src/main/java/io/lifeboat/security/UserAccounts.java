package io.lifeboat.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.lifeboat.api.ApiException;
import io.lifeboat.api.Roles;
import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.store.ApiUser;
import io.lifeboat.store.JournalStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The API users, for the REST API and the {@code lifeboat user} commands alike: validated, journalled with who made
 * the change, and never leaving the last admin out. Passwords are hashed here and never returned or logged.
 */
@ApplicationScoped
public class UserAccounts {
    /** Every role a user may hold, weakest first. */
    public static final List<String> ROLES = List.of(Roles.VIEWER, Roles.AGENT, Roles.OPERATOR, Roles.POLICY_ADMIN,
            Roles.ADMIN);
    private static final String ROLE = Roles.VIEWER + "|" + Roles.AGENT + "|" + Roles.OPERATOR + "|"
            + Roles.POLICY_ADMIN + "|" + Roles.ADMIN;
    private static final String ROLE_MESSAGE = "a role is one of viewer, agent, operator, policy-admin, admin";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    private static final String NAME_MESSAGE = "a user name is 1 to 64 letters, digits, '.', '_', '@' or '-', "
            + "starting with a letter or digit";
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;

    @Inject
    Validator validator;
    @Inject
    JournalStore journal;
    @Inject
    LifeboatConfig config;

    public record NewUser(@NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
                          @NotNull @Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password,
                          @NotEmpty List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles) {
        @Override
        public String toString() {
            return "NewUser[name=" + name + ", roles=" + roles + "]";
        }
    }

    /** A new password, new roles, or both; what is null stays. */
    public record UserChange(@Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password,
                             @Size(min = 1) List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles) {
        @Override
        public String toString() {
            return "UserChange[password " + (password == null ? "kept" : "changed") + ", roles=" + roles + "]";
        }
    }

    public record UserView(String name, Set<String> roles) {
    }

    @Transactional
    public List<UserView> list() {
        return ApiUser.<ApiUser>listAll().stream().sorted(Comparator.comparing(u -> u.name)).map(UserAccounts::view)
                .toList();
    }

    @Transactional
    public boolean none() {
        return ApiUser.count() == 0;
    }

    @Transactional
    public UserView add(NewUser user, String actor) {
        check(user);
        if (ApiUser.byName(user.name()) != null) {
            throw new ApiException(409, "USER_EXISTS", "a user named " + user.name() + " exists", "/name");
        }
        ApiUser created = create(user.name(), user.password(), user.roles());
        journal.recordChange(JournalStore.USER_CHANGE, subject(created.name), actor, "added with roles " + created.roleSet());
        return view(created);
    }

    @Transactional
    public UserView change(String name, UserChange change, String actor) {
        check(change);
        if (change.password() == null && change.roles() == null) {
            throw new ApiException(400, "NOTHING_TO_CHANGE", "give a password, roles, or both", "/");
        }
        ApiUser user = existing(name);
        List<String> summary = new ArrayList<>();
        if (change.roles() != null) {
            if (!change.roles().contains(Roles.ADMIN)) {
                refuseLosingTheLastAdmin(user, "take the admin role from");
            }
            user.setRoles(change.roles());
            summary.add("roles now " + user.roleSet());
        }
        if (change.password() != null) {
            user.setPassword(change.password(), config.security().bcryptCost());
            summary.add("password changed");
        }
        journal.recordChange(JournalStore.USER_CHANGE, subject(name), actor, String.join("; ", summary));
        return view(user);
    }

    @Transactional
    public void remove(String name, String actor) {
        ApiUser user = existing(name);
        refuseLosingTheLastAdmin(user, "remove");
        user.delete();
        journal.recordChange(JournalStore.USER_CHANGE, subject(name), actor, "removed");
    }

    /**
     * First start: creates {@code admin} with every role, unless a user exists. The password is not held to the
     * minimum length, so that the quick start can use a memorable one.
     *
     * @return whether it was created
     */
    @Transactional
    public boolean createFirstAdmin(String password) {
        if (!none()) {
            return false;
        }
        create(Roles.ADMIN, password, ROLES);
        journal.recordChange(JournalStore.USER_CHANGE, subject(Roles.ADMIN), JournalStore.LIFEBOAT,
                "created at first start with every role (lifeboat.security.admin-password)");
        return true;
    }

    private ApiUser create(String name, String password, List<String> roles) {
        ApiUser user = new ApiUser();
        user.name = name;
        user.setRoles(new LinkedHashSet<>(roles));
        user.setPassword(password, config.security().bcryptCost());
        user.persist();
        return user;
    }

    private static ApiUser existing(String name) {
        ApiUser user = name == null ? null : ApiUser.byName(name);
        if (user == null) {
            throw ApiException.notFound("UNKNOWN_USER", "no user named " + name);
        }
        return user;
    }

    private static void refuseLosingTheLastAdmin(ApiUser user, String what) {
        if (user.roleSet().contains(Roles.ADMIN) && ApiUser.withRole(Roles.ADMIN) == 1) {
            throw new ApiException(409, "LAST_ADMIN", "cannot " + what + " " + user.name
                    + ": it is the last user with the admin role", null);
        }
    }

    /** Bean Validation; the first violation (in field order) is the answer, with its JSON pointer. */
    private void check(Object request) {
        if (request == null) {
            throw new ApiException(400, "INVALID_USER", "a JSON body is required", "/");
        }
        validator.validate(request).stream().min(Comparator.comparing(UserAccounts::pointer)).ifPresent(v -> {
            throw new ApiException(400, "INVALID_USER", v.getMessage(), pointer(v));
        });
    }

    private static String pointer(ConstraintViolation<?> violation) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                pointer.append('/').append(node.getName());
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String subject(String name) {
        return "user/" + name;
    }

    private static UserView view(ApiUser user) {
        return new UserView(user.name, user.roleSet());
    }
}
