package io.rolegate.iam;

import io.rolegate.model.Arn;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ARN of a session as GetCallerIdentity shows it: {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION} or
 * {@code arn:aws:sts::ACCT:federated-user/NAME}.
 *
 * @param roleName the role's name for an assumed-role ARN, null for a federated user
 */
public record SessionArn(String arn, String accountId, String roleName, String sessionName) {
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern FEDERATED_NAME = Pattern.compile("[\\w+=,.@-]{2,32}");

    public static Optional<SessionArn> parse(String text) {
        return Arn.parse(text).filter(a -> a.partition().equals("aws")).flatMap(a -> {
            if (a.is("sts", "assumed-role") && a.path().length() > 2 && a.path().indexOf('/', 1) == a.path().length() - 1
                    && ROLE_NAME.matcher(a.path().substring(1, a.path().length() - 1)).matches()
                    && SESSION_NAME.matcher(a.name()).matches()) {
                return Optional.of(new SessionArn(text, a.account(), a.path().substring(1, a.path().length() - 1), a.name()));
            }
            if (a.is("sts", "federated-user") && a.path().equals("/") && FEDERATED_NAME.matcher(a.name()).matches()) {
                return Optional.of(new SessionArn(text, a.account(), null, a.name()));
            }
            return Optional.empty();
        });
    }
}
