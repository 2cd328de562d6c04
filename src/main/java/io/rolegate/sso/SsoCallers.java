package io.rolegate.sso;

import com.nimbusds.jwt.SignedJWT;
import io.rolegate.error.AwsException;
import io.rolegate.store.SsoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * Who an SSO protocol call came from, as far as its own credentials tell, for the audit trail: the sign-in (and so
 * the accounts that connected it, whose trails receive the event) and, with a live access token, the person. Never
 * throws for bad credentials: an unknown client or a dead token is simply nobody.
 */
@ApplicationScoped
public class SsoCallers {
    /**
     * @param accounts the accounts that connected the sign-in, empty when no sign-in is known
     * @param subject  the person's {@code sub} at their identity provider, null when no person is known
     */
    public record Who(String signInKey, String issuerUrl, List<String> accounts, String subject, String userName) {
        static final Who NOBODY = new Who(null, null, List.of(), null, null);
    }

    @Inject
    SsoStore store;
    @Inject
    SsoTokens tokens;
    @Inject
    SignIns signIns;

    /** A registered client's sign-in (the issuer URL it registered with), if it named one. */
    public Who ofClient(String clientId) {
        if (clientId == null || clientId.length() > 64) {
            return Who.NOBODY;
        }
        return store.client(clientId).map(c -> ofSignIn(c.signInKey(), null, null)).orElse(Who.NOBODY);
    }

    /** The sign-in a start URL names. */
    public Who ofStartUrl(String startUrl) {
        if (startUrl == null) {
            return Who.NOBODY;
        }
        List<String> keys = signIns.all().stream().map(SignIns.SignIn::key).toList();
        return StartUrls.signInKey(startUrl, keys).map(k -> ofSignIn(k, null, null)).orElse(Who.NOBODY);
    }

    /** The person and sign-in of a live access token. */
    public Who ofAccessToken(String accessToken) {
        SsoTokens.Session session;
        try {
            session = tokens.session(accessToken);
        } catch (AwsException dead) {
            return Who.NOBODY;
        }
        String subject;
        try {
            subject = SignedJWT.parse(session.idToken()).getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            subject = null;
        }
        String userName;
        try {
            userName = SsoAssignments.sessionName(session.idToken());
        } catch (AwsException e) {
            userName = null;
        }
        return ofSignIn(session.signInKey(), subject, userName);
    }

    private Who ofSignIn(String key, String subject, String userName) {
        Optional<SignIns.SignIn> signIn = key == null ? Optional.empty() : signIns.byKey(key);
        return signIn.map(s -> new Who(s.key(), s.issuerUrl(),
                        s.connected().stream().map(o -> o.signIn().accountId()).distinct().toList(), subject, userName))
                .orElse(new Who(key, null, List.of(), subject, userName));
    }
}
