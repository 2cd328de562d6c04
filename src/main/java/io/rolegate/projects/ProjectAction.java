package io.rolegate.projects;

/** The service's operations; each is authorized as the IAM action {@code monitron:<name>}. */
public enum ProjectAction {
    CreateProject, ListProjects, GetProject, DeleteProject, PutProjectPolicy;

    public String iamAction() {
        return "monitron:" + name();
    }

    /** True for the operations on one existing project, whose resource policy takes part in the decision. */
    boolean onExistingProject() {
        return this == GetProject || this == DeleteProject || this == PutProjectPolicy;
    }
}
