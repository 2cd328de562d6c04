package io.rolegate.projects;

/** {@code arn:aws:monitron:<region>:<account>:project/<name>}: what policies name and denial messages print. */
record ProjectArns(String region, String accountId) {
    String of(String projectName) {
        return prefix() + projectName;
    }

    /** The resource ListProjects is authorized on: every project of the account. */
    String all() {
        return prefix() + "*";
    }

    private String prefix() {
        return "arn:aws:monitron:" + region + ":" + accountId + ":project/";
    }
}
