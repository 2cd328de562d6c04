package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.OidcProvider;
import io.rolegate.model.OidcSignIn;
import io.rolegate.store.OidcSignInStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-in of people through an IAM OIDC provider of the account (the SSO portal): the client id (one of the
 * provider's client ids), the client secret sealed at rest and bound to the provider ARN, and the scopes asked for
 * besides {@code openid}. Several accounts may use one identity provider: each connects its own provider object.
 */
@ApplicationScoped
public class OidcSignInService {
    public static final int MAX_SCOPES = 20;
    /** RFC 6749 §3.3 scope-token: printable ASCII without space, double quote and backslash. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    /** The sign-in with its client secret opened, for the code flow only; never logged. */
    public record Opened(OidcSignIn signIn, OidcProvider provider, String clientSecret) {
        @Override
        public String toString() {
            return "Opened[" + signIn + "]";
        }
    }

    @Inject
    OidcProviderService providers;
    @Inject
    OidcProviderDirectory directory;
    @Inject
    OidcSignInStore signIns;
    @Inject
    Secrets secrets;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;

    public OidcSignIn put(String accountId, String providerArn, String clientId, String clientSecret,
                          List<String> scopes) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(scopes));
        if (distinct.size() > MAX_SCOPES) {
            throw new AwsException(ErrorCode.LimitExceeded, "Cannot exceed quota for ScopesPerSignIn: " + MAX_SCOPES);
        }
        for (String s : distinct) {
            if (!SCOPE.matcher(s).matches()) {
                throw new AwsException(ErrorCode.InvalidInput, "Invalid scope: " + s);
            }
        }
        return tx.inTransaction(() -> {
            OidcProvider p = providers.get(accountId, providerArn);
            if (!p.clientIds().contains(clientId)) {
                throw new AwsException(ErrorCode.InvalidInput, "ClientID " + clientId
                        + " is not in the ClientIDList of " + providerArn);
            }
            OidcSignIn s = new OidcSignIn(p.arn(), accountId, clientId, secrets.seal(clientSecret, p.arn()),
                    distinct.stream().filter(x -> !x.equals("openid")).toList(), clock.instant());
            signIns.put(s);
            return s;
        });
    }

    public OidcSignIn get(String accountId, String providerArn) {
        providers.get(accountId, providerArn);
        return signIns.find(providerArn).orElseThrow(() -> new AwsException(ErrorCode.NoSuchEntity,
                "Sign-in not found for OpenIDConnect Provider " + providerArn));
    }

    public void delete(String accountId, String providerArn) {
        tx.run(() -> {
            get(accountId, providerArn);
            signIns.delete(providerArn);
        });
    }

    /** Every account's sign-ins whose provider still exists, with their secrets opened (the portal's tenants). */
    public List<Opened> all() {
        return signIns.all().stream().map(this::open).flatMap(Optional::stream).toList();
    }

    public Optional<Opened> find(String providerArn) {
        return signIns.find(providerArn).flatMap(this::open);
    }

    private Optional<Opened> open(OidcSignIn s) {
        return directory.byArn(s.providerArn())
                .map(p -> new Opened(s, p, secrets.open(s.sealedClientSecret(), s.providerArn())));
    }
}
