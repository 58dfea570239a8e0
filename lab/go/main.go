// Command smm-lab-k8s is one multi-call binary holding the upstream Kubernetes control-plane
// commands and the kwok controller, so the lab links the shared Kubernetes code once instead of
// four times (link time and disk are the expensive parts of a cold build on two cores).
//
// Usage: smm-lab-k8s <kube-apiserver|kube-controller-manager|kube-scheduler|kwok|kwok-stages> [flags]
package main

import (
	"fmt"
	"os"
	_ "time/tzdata" // CronJob time zones, as upstream's mains import it

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format, as upstream
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as upstream
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as upstream
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

var commands = map[string]func() int{
	"kube-apiserver":          func() int { return cli.Run(apiserver.NewAPIServerCommand()) },
	"kube-controller-manager": func() int { return cli.Run(controllermanager.NewControllerManagerCommand()) },
	"kube-scheduler":          func() int { return cli.Run(scheduler.NewSchedulerCommand()) },
	"kwok":                    runKwok,
	"kwok-stages":             printKwokStages,
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		usage()
	}
	// Each upstream command parses os.Args[1:] itself, so drop our dispatch word.
	os.Args = append([]string{os.Args[1]}, os.Args[2:]...)
	os.Exit(run())
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: smm-lab-k8s <kube-apiserver|kube-controller-manager|kube-scheduler|kwok|kwok-stages> [flags]")
	os.Exit(2)
}
