{{/* The release's full name (at most 52 characters: CronJob names feed Job and Pod names). */}}
{{- define "tenantscan.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tenantscan.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels of the scanner pods that the NetworkPolicy selects (a subset of their labels: cronjob.yaml). */}}
{{- define "tenantscan.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: scanner
{{- end -}}

{{- define "tenantscan.serviceAccountName" -}}
{{- default (include "tenantscan.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Where the pod keeps things: the chart mounts these, and the scan arguments name them. */}}
{{- define "tenantscan.configDir" -}}/etc/tenantscan{{- end -}}
{{- define "tenantscan.reportDir" -}}/var/lib/tenantscan{{- end -}}
