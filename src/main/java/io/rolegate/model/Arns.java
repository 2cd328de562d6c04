package io.rolegate.model;

/** Builds and takes apart the ARNs of spec 3.1. */
public final class Arns {
    private Arns() {
    }

    public static String user(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":user" + path + name;
    }

    public static String role(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":role" + path + name;
    }

    public static String group(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":group" + path + name;
    }

    public static String policy(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":policy" + path + name;
    }

    public static String oidcProvider(String account, String urlWithoutScheme) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + urlWithoutScheme;
    }

    public static String assumedRole(String account, String roleName, String sessionName) {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    public static String federatedUser(String account, String name) {
        return "arn:aws:sts::" + account + ":federated-user/" + name;
    }

    public static String root(String account) {
        return "arn:aws:iam::" + account + ":root";
    }

    /** The account field of an ARN, or null when the text is not an ARN with 6 parts. */
    public static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") ? parts[4] : null;
    }

    /** The resource part (after the 5th colon), or null. */
    public static String resourceOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") ? parts[5] : null;
    }
}
