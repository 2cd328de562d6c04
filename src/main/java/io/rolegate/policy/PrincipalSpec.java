package io.rolegate.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A compiled Principal / NotPrincipal element (docs/aws-behaviour.md §4.1): exact matching, no partial wildcards. */
final class PrincipalSpec {
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final Pattern AWS_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam|sts)::(\\d{12}):(.+)");
    static final Pattern UNIQUE_ID = Pattern.compile("A(IDA|ROA)[A-Z0-9]{12,124}");

    private boolean any;
    private final Set<String> accounts = new HashSet<>();
    private final Set<String> users = new HashSet<>();
    private final Set<String> roles = new HashSet<>();
    private final Set<String> sessions = new HashSet<>();
    private final Set<String> federatedUsers = new HashSet<>();
    private final Set<String> federated = new HashSet<>();
    private final Set<String> services = new HashSet<>();

    /** Builds from the validated element: "*" or map of AWS/Federated/Service/CanonicalUser to value lists. */
    static PrincipalSpec of(boolean star, Map<String, List<String>> entries) {
        PrincipalSpec spec = new PrincipalSpec();
        spec.any = star;
        if (entries != null) {
            entries.forEach((type, values) -> values.forEach(v -> spec.add(type, v)));
        }
        return spec;
    }

    private void add(String type, String v) {
        switch (type) {
            case "AWS" -> addAws(v);
            case "Federated" -> federated.add(v);
            case "Service" -> {
                if (v.equals("*")) {
                    any = true;
                }
                services.add(v);
            }
            default -> { // CanonicalUser: no canonical users here, never matches
            }
        }
    }

    private void addAws(String v) {
        if (v.equals("*")) {
            any = true;
        } else if (ACCOUNT_ID.matcher(v).matches()) {
            accounts.add(v);
        } else {
            var m = AWS_ARN.matcher(v);
            if (!m.matches()) {
                return; // unique IDs of deleted principals: valid, match nobody
            }
            String service = m.group(2);
            String account = m.group(3);
            String res = m.group(4);
            if (service.equals("iam") && res.equals("root")) {
                accounts.add(account);
            } else if (service.equals("iam") && res.startsWith("user/")) {
                users.add(v);
            } else if (service.equals("iam") && res.startsWith("role/")) {
                roles.add(v);
            } else if (service.equals("sts") && res.startsWith("assumed-role/")) {
                sessions.add(v);
            } else if (service.equals("sts") && res.startsWith("federated-user/")) {
                federatedUsers.add(v);
            }
        }
    }

    /** Is this a valid AWS principal value? (else "Invalid principal in policy") */
    static boolean validAws(String v) {
        if (v.equals("*") || ACCOUNT_ID.matcher(v).matches() || UNIQUE_ID.matcher(v).matches()) {
            return true;
        }
        if (v.indexOf('*') >= 0 || v.indexOf('?') >= 0) {
            return false;
        }
        var m = AWS_ARN.matcher(v);
        if (!m.matches()) {
            return false;
        }
        String service = m.group(2);
        String res = m.group(4);
        if (service.equals("iam")) {
            return res.equals("root") || (res.startsWith("user/") && res.length() > 5 && !res.endsWith("/"))
                    || (res.startsWith("role/") && res.length() > 5 && !res.endsWith("/"));
        }
        if (res.startsWith("assumed-role/")) {
            String[] p = res.split("/", -1);
            return p.length == 3 && !p[1].isEmpty() && !p[2].isEmpty();
        }
        return res.startsWith("federated-user/") && res.length() > "federated-user/".length();
    }

    PrincipalMatch match(PrincipalIdentity p) {
        PrincipalIdentity.Type t = p.type();
        switch (t) {
            case ASSUMED_ROLE:
                if (sessions.contains(p.arn())) {
                    return PrincipalMatch.SESSION_ARN;
                }
                if (roles.contains(p.issuerArn())) {
                    return PrincipalMatch.ROLE_ARN;
                }
                break;
            case FEDERATED_USER:
                if (federatedUsers.contains(p.arn())) {
                    return PrincipalMatch.FEDERATED_USER_ARN;
                }
                if (users.contains(p.issuerArn())) {
                    return PrincipalMatch.PARENT_USER_ARN;
                }
                break;
            case USER:
                if (users.contains(p.arn())) {
                    return PrincipalMatch.USER_ARN;
                }
                break;
            case WEB_IDENTITY:
            case SAML:
                if (federated.contains(p.issuerArn())) {
                    return PrincipalMatch.FEDERATED_PROVIDER;
                }
                break;
            case SERVICE:
                if (services.contains(p.service())) {
                    return PrincipalMatch.SERVICE;
                }
                break;
            default:
                break;
        }
        if (p.hasIdentitySide() && p.account() != null && accounts.contains(p.account())) {
            return PrincipalMatch.ACCOUNT;
        }
        return any ? PrincipalMatch.WILDCARD : PrincipalMatch.NONE;
    }
}
