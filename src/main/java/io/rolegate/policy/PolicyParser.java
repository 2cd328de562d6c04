package io.rolegate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a policy document with IAM's MalformedPolicyDocument messages, in IAM's order (docs/aws-behaviour.md
 * §4.6): syntax, version, legacy parsing, Sid uniqueness, actions present, resource format, vendor prefixes, resources
 * present;
 * then the kind's rules: principals only where allowed, trust actions, no Resource in trust policies, GitHub
 * OIDC trust scoped on {@code sub}. Then compiles it.
 */
final class PolicyParser {
    static final String SYNTAX = "Syntax errors in policy.";
    static final String VERSION = "Policy document must be version 2012-10-17 or greater.";
    static final String LEGACY = "The policy failed legacy parsing";
    static final String SID = "Statement IDs (SID) in a single policy must be unique.";
    static final String SID_CHARACTERS = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies "
            + "the regular expression [0-9A-Za-z]*";
    /** What CreateRole and UpdateAssumeRolePolicy answer for a trust policy that is not JSON (the others: SYNTAX). */
    static final String INVALID_JSON = "This policy contains invalid Json";
    static final String ACTIONS = "Policy statement must contain actions.";
    static final String RESOURCES = "Policy statement must contain resources.";
    static final String NO_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ONE_COLON = "Actions/Condition can contain only one colon.";
    static final String NO_PRINCIPAL = "Policy document should not specify a principal.";
    static final String MISSING_PRINCIPAL = "Missing required field Principal";
    static final String TRUST_RESOURCE = "Has prohibited field Resource.";
    static final String TRUST_ACTIONS = "Trust Policy statement actions can only be sts:AssumeRole, "
            + "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity";
    static final String IAM_PATH = "IAM resource path must either be \"*\" or start with user/, federated-user/, "
            + "role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, "
            + "oidc-provider/, report/, access-report/.";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Federated", "Service", "CanonicalUser");
    private static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
            "aws-iso-e", "aws-iso-f", "aws-eusc", "*");
    private static final List<String> IAM_PREFIXES = List.of("user/", "federated-user/", "role/", "group/",
            "instance-profile/", "mfa/", "server-certificate/", "policy/", "sms-mfa/", "saml-provider/",
            "oidc-provider/", "report/", "access-report/");
    private static final Set<String> TRUST_ACTION_NAMES = Set.of("sts:assumerole", "sts:assumerolewithsaml",
            "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity");
    private static final Pattern GITHUB_PROVIDER = Pattern.compile(
            "arn:[^:]+:iam::\\d{12}:oidc-provider/(token\\.actions\\.githubusercontent\\.com(/.*)?)");

    private static final Pattern SID_PATTERN = Pattern.compile("[0-9A-Za-z]*");

    private PolicyParser() {
    }

    static AwsException malformed(String message) {
        return new AwsException(ErrorCode.MalformedPolicyDocument, message);
    }

    static Policy parse(PolicyKind kind, String name, String document) {
        JsonNode root;
        try {
            root = MAPPER.readTree(document);
        } catch (JacksonException e) {
            throw malformed(kind == PolicyKind.TRUST ? INVALID_JSON : SYNTAX);
        }
        List<JsonNode> statements = syntax(root);
        JsonNode versionNode = root.get("Version");
        String version = versionNode == null ? null : versionNode.textValue();
        if (kind == PolicyKind.MANAGED && !"2012-10-17".equals(version)) {
            throw malformed(VERSION);
        }
        String resourceError = legacy(statements);
        checkSids(kind, statements);
        for (JsonNode st : statements) {
            if (!present(st, "Action", "NotAction")) {
                throw malformed(ACTIONS);
            }
        }
        if (resourceError != null) {
            throw malformed(resourceError);
        }
        checkVendors(statements, "Action");
        checkVendors(statements, "NotAction");
        if (kind.isIdentityLike() || kind == PolicyKind.RESOURCE) {
            for (JsonNode st : statements) {
                if (!present(st, "Resource", "NotResource")) {
                    throw malformed(RESOURCES);
                }
            }
        }
        checkPrincipals(kind, statements);
        if (kind == PolicyKind.TRUST) {
            checkTrust(statements);
        }
        return compile(kind, name, document, root, version, statements);
    }

    // ---- stage 1: syntax ----

    private static List<JsonNode> syntax(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw malformed(SYNTAX);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            if (!TOP.contains(it.next())) {
                throw malformed(SYNTAX);
            }
        }
        JsonNode v = root.get("Version");
        if (v != null && !(v.isTextual() && (v.textValue().equals("2012-10-17") || v.textValue().equals("2008-10-17")))) {
            throw malformed(SYNTAX);
        }
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            throw malformed(SYNTAX);
        }
        JsonNode s = root.get("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (s == null) {
            throw malformed(SYNTAX);
        } else if (s.isObject()) {
            statements.add(s);
        } else if (s.isArray()) {
            s.forEach(statements::add);
        } else {
            throw malformed(SYNTAX);
        }
        if (statements.isEmpty()) {
            throw malformed(SYNTAX);
        }
        for (JsonNode st : statements) {
            statementSyntax(st);
        }
        return statements;
    }

    private static void statementSyntax(JsonNode st) {
        if (!st.isObject()) {
            throw malformed(SYNTAX);
        }
        for (Iterator<String> it = st.fieldNames(); it.hasNext(); ) {
            if (!ELEMENTS.contains(it.next())) {
                throw malformed(SYNTAX);
            }
        }
        if ((st.has("Resource") && st.has("NotResource")) || (st.has("Action") && st.has("NotAction"))
                || (st.has("Principal") && st.has("NotPrincipal"))) {
            throw malformed(SYNTAX);
        }
        JsonNode effect = st.get("Effect");
        if (effect == null || !effect.isTextual()) {
            throw malformed(SYNTAX);
        }
        String e = effect.textValue().toLowerCase(Locale.ROOT);
        if (!e.equals("allow") && !e.equals("deny")) {
            throw malformed(SYNTAX);
        }
        for (String key : List.of("Action", "NotAction", "Resource", "NotResource")) {
            if (st.has(key) && !isStringOrStrings(st.get(key))) {
                throw malformed(SYNTAX);
            }
        }
        JsonNode sid = st.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw malformed(SYNTAX);
        }
        for (String key : List.of("Principal", "NotPrincipal")) {
            JsonNode p = st.get(key);
            if (p != null && !principalSyntax(p)) {
                throw malformed(SYNTAX);
            }
        }
        JsonNode condition = st.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                throw malformed(SYNTAX);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> op = it.next();
                if (!op.getValue().isObject()) {
                    throw malformed(SYNTAX);
                }
                for (JsonNode values : op.getValue()) {
                    if (!isConditionValue(values)) {
                        throw malformed(SYNTAX);
                    }
                }
                if (OperatorName.parse(op.getKey()) == null && op.getValue().size() > 0) {
                    throw malformed(SYNTAX);
                }
            }
        }
    }

    private static boolean principalSyntax(JsonNode p) {
        if (p.isTextual()) {
            return p.textValue().equals("*");
        }
        if (!p.isObject() || p.size() == 0) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!PRINCIPAL_TYPES.contains(e.getKey()) || !isStringOrStrings(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStringOrStrings(JsonNode n) {
        if (n.isTextual()) {
            return true;
        }
        if (!n.isArray()) {
            return false;
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScalar(JsonNode n) {
        return n.isTextual() || n.isBoolean() || n.isNumber();
    }

    private static boolean isConditionValue(JsonNode n) {
        if (isScalar(n)) {
            return true;
        }
        if (!n.isArray()) {
            return false;
        }
        for (JsonNode e : n) {
            if (!isScalar(e)) {
                return false;
            }
        }
        return true;
    }

    // ---- stage 3: legacy parsing (effects, dates, resources); returns the first resource-format error ----

    private static String legacy(List<JsonNode> statements) {
        for (JsonNode st : statements) {
            String effect = st.get("Effect").textValue();
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw malformed(LEGACY);
            }
            JsonNode condition = st.get("Condition");
            if (condition != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = it.next();
                    OperatorName on = OperatorName.parse(op.getKey());
                    if (on != null && on.op().family == Operator.Family.DATE) {
                        for (JsonNode values : op.getValue()) {
                            for (String v : strings(values)) {
                                if (Dates.parse(v) == null) {
                                    throw malformed(LEGACY);
                                }
                            }
                        }
                    }
                }
            }
        }
        String[] error = {null};
        for (String key : List.of("Resource", "NotResource")) {
            for (JsonNode st : statements) {
                JsonNode r = st.get(key);
                if (r == null) {
                    continue;
                }
                List<String> resources = strings(r);
                if (r.isArray()) {
                    resources.sort(Comparator.reverseOrder());
                }
                for (String res : resources) {
                    String e = resourceFormatError(res);
                    if (e != null && error[0] == null) {
                        error[0] = e;
                    }
                }
                if (error[0] == null) {
                    for (String res : resources) {
                        if (res.equals("*")) {
                            continue;
                        }
                        int c1 = res.indexOf(':');
                        int c2 = c1 < 0 ? -1 : res.indexOf(':', c1 + 1);
                        boolean noService = c2 < 0 || c2 + 1 == res.length() || res.charAt(c2 + 1) == ':';
                        if ((count(res, ':') < 5 && res.contains("::")) || noService) {
                            throw malformed(LEGACY);
                        }
                    }
                }
            }
        }
        return error[0];
    }

    private static String resourceFormatError(String r) {
        if (r.equals("*")) {
            return null;
        }
        int c1 = r.indexOf(':');
        if (c1 < 0) {
            return "Resource " + r + " must be in ARN format or \"*\".";
        }
        String rest1 = r.substring(c1 + 1);
        int c2 = rest1.indexOf(':');
        String partition = c2 < 0 ? rest1 : rest1.substring(0, c2);
        String rest2 = c2 < 0 ? "" : rest1.substring(c2 + 1);
        if (!PARTITIONS.contains(partition)) {
            String[] rem = rest2.split(":", -1);
            String a1 = !rem[0].isEmpty() || rem.length > 1 ? rem[0] : "*";
            String a2 = rem.length > 1 ? rem[1] : "*";
            String a3 = rem.length > 2 ? rem[2] : "*";
            String a4 = rem.length > 3 ? String.join(":", java.util.Arrays.copyOfRange(rem, 3, rem.length)) : "*";
            return "Partition \"" + partition + "\" is not valid for resource \"arn:" + partition + ":" + a1 + ":"
                    + a2 + ":" + a3 + ":" + a4 + "\".";
        }
        if (c2 < 0) {
            return "Resource vendor must be fully qualified and cannot contain regexes.";
        }
        int c3 = rest2.indexOf(':');
        String service = c3 < 0 ? rest2 : rest2.substring(0, c3);
        String afterService = c3 < 0 ? "" : rest2.substring(c3 + 1);
        String afterRegion = afterPart(afterService);
        String resourcePart = afterPart(afterRegion);
        boolean hasRegion = !afterService.startsWith(":");
        if (service.equals("iam") && hasRegion) {
            return "IAM resource " + r + " cannot contain region information.";
        }
        if (service.equals("s3") && hasRegion && !resourcePart.startsWith("accesspoint/")) {
            return "Resource " + r + " can not contain region information.";
        }
        if (service.equals("iam") && !resourcePart.startsWith("*") && !resourcePart.equals("root")
                && IAM_PREFIXES.stream().noneMatch(resourcePart::startsWith)) {
            return IAM_PATH;
        }
        return null;
    }

    private static String afterPart(String s) {
        int c = s.indexOf(':');
        return c < 0 ? "" : s.substring(c + 1);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    // ---- stages 4-8 ----

    /** IAM documents (not resource policies of other services) take Sids of ASCII letters and digits only. */
    private static void checkSids(PolicyKind kind, List<JsonNode> statements) {
        if (kind != PolicyKind.RESOURCE) {
            for (JsonNode st : statements) {
                JsonNode sid = st.get("Sid");
                if (sid != null && !SID_PATTERN.matcher(sid.textValue()).matches()) {
                    throw malformed(SID_CHARACTERS);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode st : statements) {
            JsonNode sid = st.get("Sid");
            if (sid != null && !sid.textValue().isEmpty() && !seen.add(sid.textValue())) {
                throw malformed(SID);
            }
        }
    }

    private static boolean present(JsonNode st, String key, String notKey) {
        JsonNode n = st.has(key) ? st.get(key) : st.get(notKey);
        return n != null && !(n.isArray() && n.size() == 0);
    }

    private static void checkVendors(List<JsonNode> statements, String key) {
        for (JsonNode st : statements) {
            JsonNode n = st.get(key);
            if (n == null) {
                continue;
            }
            for (String action : strings(n)) {
                int colon = action.indexOf(':');
                if (colon < 0 && !action.equals("*")) {
                    throw malformed(NO_VENDOR);
                } else if (colon >= 0 && action.indexOf(':', colon + 1) >= 0) {
                    throw malformed(ONE_COLON);
                }
                String vendor = colon < 0 ? action : action.substring(0, colon);
                if (!vendor.equals("*") && !validVendor(vendor)) {
                    throw malformed("Vendor " + vendor + " is not valid");
                }
            }
        }
    }

    /** Letters, digits, '-' and '.' only (an empty vendor is valid, as in IAM's legacy check). */
    private static boolean validVendor(String vendor) {
        for (int i = 0; i < vendor.length(); i++) {
            char c = vendor.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static void checkPrincipals(PolicyKind kind, List<JsonNode> statements) {
        for (JsonNode st : statements) {
            boolean has = st.has("Principal") || st.has("NotPrincipal");
            if (kind.isIdentityLike()) {
                if (has) {
                    throw malformed(NO_PRINCIPAL);
                }
                continue;
            }
            if (!has) {
                throw malformed(MISSING_PRINCIPAL);
            }
            JsonNode p = st.has("Principal") ? st.get("Principal") : st.get("NotPrincipal");
            if (p.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    for (String v : strings(e.getValue())) {
                        boolean ok = e.getKey().equals("AWS") ? PrincipalSpec.validAws(v) : !v.isBlank();
                        if (!ok) {
                            throw malformed("Invalid principal in policy: \"" + e.getKey() + "\":\"" + v + "\"");
                        }
                    }
                }
            }
        }
    }

    private static void checkTrust(List<JsonNode> statements) {
        for (JsonNode st : statements) {
            JsonNode actions = st.get("Action");
            if (actions == null) {
                throw malformed(TRUST_ACTIONS);
            }
            for (String a : strings(actions)) {
                String lower = a.toLowerCase(Locale.ROOT);
                boolean stsWildcard = lower.startsWith("sts:") && (lower.indexOf('*') >= 0 || lower.indexOf('?') >= 0);
                if (!TRUST_ACTION_NAMES.contains(lower) && !stsWildcard) {
                    throw malformed(TRUST_ACTIONS);
                }
            }
        }
        for (JsonNode st : statements) {
            if (st.has("Resource") || st.has("NotResource")) {
                throw malformed(TRUST_RESOURCE);
            }
        }
        for (JsonNode st : statements) {
            JsonNode p = st.get("Principal");
            if (!"Allow".equals(st.get("Effect").textValue()) || p == null || !p.isObject() || !p.has("Federated")) {
                continue;
            }
            for (String provider : strings(p.get("Federated"))) {
                var m = GITHUB_PROVIDER.matcher(provider);
                if (m.matches() && !scopesSub(st.get("Condition"), m.group(1) + ":sub")) {
                    throw malformed("Trust Policy with trusted principal " + provider + " must evaluate, using "
                            + "StringEquals, StringLike or StringEqualsIgnoreCase, " + m.group(1)
                            + ":sub which is not scoped to all.");
                }
            }
        }
    }

    /** Does the Condition test {@code key} with StringEquals/StringLike/StringEqualsIgnoreCase on real values? */
    private static boolean scopesSub(JsonNode condition, String key) {
        if (condition == null) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            OperatorName on = OperatorName.parse(op.getKey());
            if (on == null || (on.op() != Operator.StringEquals && on.op() != Operator.StringLike
                    && on.op() != Operator.StringEqualsIgnoreCase)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                if (!k.getKey().equalsIgnoreCase(key)) {
                    continue;
                }
                List<String> values = strings(k.getValue());
                if (!values.isEmpty() && values.stream().noneMatch(PolicyParser::scopedToAll)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean scopedToAll(String v) {
        return v.isEmpty() || v.chars().allMatch(c -> c == '*' || c == '?');
    }

    // ---- compile ----

    private static Policy compile(PolicyKind kind, String name, String document, JsonNode root, String version,
                                  List<JsonNode> statements) {
        String effectiveVersion = version == null ? "2008-10-17" : version;
        boolean variables = effectiveVersion.equals("2012-10-17");
        List<Statement> compiled = new ArrayList<>(statements.size());
        List<StatementPosition> positions = StatementPositions.of(document);
        for (int i = 0; i < statements.size(); i++) {
            JsonNode st = statements.get(i);
            boolean notAction = st.has("NotAction");
            boolean notResource = st.has("NotResource");
            boolean notPrincipal = st.has("NotPrincipal");
            JsonNode res = notResource ? st.get("NotResource") : st.get("Resource");
            JsonNode pr = notPrincipal ? st.get("NotPrincipal") : st.get("Principal");
            PrincipalSpec principal = null;
            if (pr != null) {
                Map<String, List<String>> entries = new LinkedHashMap<>();
                if (pr.isObject()) {
                    pr.fields().forEachRemaining(e -> entries.put(e.getKey(), strings(e.getValue())));
                }
                principal = PrincipalSpec.of(pr.isTextual(), entries);
            }
            compiled.add(new Statement(i, st.has("Sid") ? st.get("Sid").textValue() : null,
                    st.get("Effect").textValue().equals("Allow"), principal, notPrincipal,
                    new ActionSpec(strings(notAction ? st.get("NotAction") : st.get("Action"))), notAction,
                    res == null ? null : new ResourceSpec(strings(res), variables), notResource,
                    conditions(st.get("Condition"), variables),
                    i < positions.size() ? positions.get(i) : null));
        }
        JsonNode id = root.get("Id");
        return new Policy(kind, name, document, effectiveVersion, id == null ? null : id.textValue(), compiled);
    }

    private static Condition[] conditions(JsonNode condition, boolean variables) {
        if (condition == null) {
            return new Condition[0];
        }
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            OperatorName on = OperatorName.parse(op.getKey());
            if (on == null) {
                continue; // an unknown operator with an empty map is accepted and means nothing
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                out.add(new Condition(on.op(), on.setMode(), on.ifExists(), k.getKey().toLowerCase(Locale.ROOT),
                        strings(k.getValue()), variables && on.op().takesVariables()));
            }
        }
        return out.toArray(new Condition[0]);
    }

    /** A string, or the elements of an array, as strings (booleans and numbers by their JSON text). */
    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(e.isTextual() ? e.textValue() : e.asText()));
        } else {
            out.add(n.isTextual() ? n.textValue() : n.asText());
        }
        return out;
    }

    /** An operator name split into set prefix, operator and IfExists suffix. */
    record OperatorName(Operator op, Condition.SetMode setMode, boolean ifExists) {
        static OperatorName parse(String name) {
            Condition.SetMode mode = Condition.SetMode.NONE;
            String rest = name;
            if (rest.startsWith("ForAnyValue:")) {
                mode = Condition.SetMode.FOR_ANY_VALUE;
                rest = rest.substring("ForAnyValue:".length());
            } else if (rest.startsWith("ForAllValues:")) {
                mode = Condition.SetMode.FOR_ALL_VALUES;
                rest = rest.substring("ForAllValues:".length());
            }
            boolean ifExists = false;
            if (rest.endsWith("IfExists")) {
                ifExists = true;
                rest = rest.substring(0, rest.length() - "IfExists".length());
            }
            Operator op = Operator.byName(rest);
            return op == null ? null : new OperatorName(op, mode, ifExists);
        }
    }
}
