// The RBAC authorizer of Kubernetes itself (v1.36.3, the version scripts/cluster pins), fed with
// roles and bindings as JSON on stdin: it answers each request with allow or not. The test beside
// this folder compares its answers with src/rbac/access.ts.
package main

import (
	"context"
	"encoding/json"
	"os"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/kubernetes/pkg/registry/rbac/validation"
	rbacauth "k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac"
)

type req struct {
	User        string   `json:"user"`
	Groups      []string `json:"groups"`
	Verb        string   `json:"verb"`
	Group       string   `json:"group"`
	Resource    string   `json:"resource"`
	Subresource string   `json:"subresource"`
	Namespace   string   `json:"namespace"`
	Name        string   `json:"name"`
}

type input struct {
	Roles               []*rbacv1.Role               `json:"roles"`
	ClusterRoles        []*rbacv1.ClusterRole        `json:"clusterRoles"`
	RoleBindings        []*rbacv1.RoleBinding        `json:"roleBindings"`
	ClusterRoleBindings []*rbacv1.ClusterRoleBinding `json:"clusterRoleBindings"`
	Requests            []req                        `json:"requests"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	_, static := validation.NewTestRuleResolver(in.Roles, in.RoleBindings, in.ClusterRoles, in.ClusterRoleBindings)
	a := rbacauth.New(static, static, static, static)
	out := make([]bool, len(in.Requests))
	for i, r := range in.Requests {
		d, _, _ := a.Authorize(context.Background(), authorizer.AttributesRecord{
			User: &user.DefaultInfo{Name: r.User, Groups: r.Groups}, Verb: r.Verb, APIGroup: r.Group, Resource: r.Resource,
			Subresource: r.Subresource, Namespace: r.Namespace, Name: r.Name, ResourceRequest: true,
		})
		out[i] = d == authorizer.DecisionAllow
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
