// cordon-cli: the headless composition root. Parses the command word and hands over.
#include "commands.h"
#include "terminal.h"

#include "core/util/log.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr const char *kUsageText = R"(usage: cordon-cli COMMAND [ARGS]

Case files
  new CASE --title T [--type TYPE] [--severity S] [--exercise]
                          create a case file (*.cordon)
  info CASE [--json]      show the case header, counters and audit head
  verify CASE [--json]    re-walk the audit chain, event batches and evidence hashes;
                          prints "ok <head hash>" or names the first broken entry
Events
  import CASE FILE... [--format NAME] [--commit-every N] [--bulk auto|always|never] [--report-commits] [--quiet]
           [--no-detect]  import events and indicators in any input format
                          (docs/formats.md), then run detection
Live feeds
  listen CASE [--http ADDRESS:PORT] [--http-auth none|bearer:SECRET|hmac:SECRET] [--feed NAME]
         [--syslog-udp ADDRESS:PORT] [--syslog-tcp ADDRESS:PORT] [--tail FILE]
         [--pull-alertmanager URL [--pull-seconds N]]
         [--allow-host NAME] [--max-body BYTES] [--commit-ms N] [--no-detect] [--no-analyze]
                          receive webhooks and syslog until SIGINT/SIGTERM; SECRET is env:NAME or
                          file:PATH; a 2xx is sent only once the records are committed.
                          Without feed options: the enabled feeds the case defines.
                          Forensics follows the feeds (at most every 5 s) unless --no-analyze
  feeds CASE [list]       the feeds the case defines
  feeds CASE add NAME (--http A:P [--http-auth ..] | --syslog-udp A:P | --syslog-tcp A:P |
        --tail FILE | --pull-alertmanager URL [--pull-seconds N]) [--disabled]
  feeds CASE edit NAME [--rename NEW] FEED-OPTIONS [--disabled]
                          replace a feed's definition
  feeds CASE enable|disable|remove NAME
Detection and triage
  protect CASE FILE... [--name N]
                          name texts whose verbatim reproduction in an output is a leak
                          (training-data samples, confidential documents)
  rules CASE [--set FILE | --reset]
                          the detection rules the case uses; --set stores the case's own
                          (resources/rules/detection.json shape), --reset returns to built-in
  detect CASE [--rules FILE] [--quiet]
                          run the detection rules over events not yet evaluated
  alerts CASE [--json]    list alerts, most severe first, with criteria and SLA
  alert CASE ID acknowledge|assign NAME|escalate [--to T]|merge|dismiss --reason R|resolve
        --actor NAME      record a triage decision (audited)
Forensics
  analyze CASE [--json] [--rebuild] [--settings FILE]
                          extract adversarial suffixes, cluster them and attack prompts into
                          families, profile accounts and find coordinated campaigns; continues
                          from the last run (audited); also judges JWTs on auth events, matches
                          imported indicators (sightings) and derives indicators of its own;
                          --rebuild starts over; without --settings, the settings of the
                          case's last analysis
  session CASE (--account A | --session S) [--around TIME] [--window MINUTES] [--json]
                          the events around an attack, each step with its attack-chain
                          phase (reconnaissance, initial access, execution, exfiltration)
                          and why; the window defaults to 60 minutes either side
  examples CASE add (--input TEXT | --from-event ID) [--attack-type T] [--target T]
         [--prediction P] [--ground-truth G] [--perturbation P] [--discovery D] [--severity S]
  examples CASE [list] [--json] | similar TEXT [--top K] | trial ID --model-version V --fooled yes|no
  examples CASE export [--out FILE]
                          the adversarial-example database: record, find the most similar,
                          track transfer to other model versions, export JSON lines
                          (input, label, attack_type) for adversarial training
  iocs CASE [--format stix|csv] [--out FILE]
                          the case's indicators of compromise as a STIX 2.1 bundle or CSV
Response
  playbooks [--json]      the built-in playbooks with their ATLAS techniques
  propose CASE (--forensics | --alert ID | --playbook ID) --actor NAME
                          propose actions from the last analysis, from an alert's rule, or
                          apply a playbook (its tasks, due from the declared time, and actions)
  actions CASE [--json]   every action with its state, phase and what it does
  action CASE ID[,ID…] approve [--preview] | reject --reason R | execute [--note N] [--dry-run]
         | verify [--note N] | revert [--note N]  --actor NAME
                          move actions through their lifecycle (audited); execute and revert
                          deliver through the action's connector (docs/response.md)
  tasks CASE [--json]     the response checklist by phase, overdue tasks marked
  roster CASE [--json] | add NAME --role ROLE [--contact C] [--on-call] | remove ID  --actor NAME
                          people in roles: incident_commander, security_analyst,
                          model_engineer, application_developer, legal_compliance
  policy CASE [--two-person on|off] [--approver-role ROLE] [--default-connector NAME] --actor NAME
                          the approval policy (shown when no option is given)
  connectors CASE [--json] | --set FILE | --remove NAME  --actor NAME
                          how actions reach systems: http (url, auth bearer, secret env:/file:),
                          file (directory) or manual; FILE holds [{name, kind, config, dry_run}]
  milestone CASE NAME [--at TIME] --actor NAME
                          record detected, declared, contained, remediated, recovered or closed
  phase CASE PHASE [--back] --actor NAME
                          move the case to a phase (going back needs --back)
  artefacts CASE --out DIR
                          write suffix_blocklist.{json,txt}, ip_blocklist.txt, accounts.csv
                          and detection_rules.json for the systems that enforce them
Communications and deadlines
  channels CASE [--json] | --set FILE --actor NAME
                          the notification channels (Slack webhook, PagerDuty Events v2,
                          generic webhook; secrets as env:NAME or file:PATH references)
  notify CASE             tell the channels what is new (escalations, SLA breaches, approval
                          requests, executed actions) and send what is queued; exit 1 if any failed
  comms CASE [--json]     the communications log
  statement CASE --audience stakeholders|affected_users|regulators
                          print a draft statement filled in from the case
  statement CASE --audience A --record --from FILE [--channel NAME] --actor NAME
                          log the edited statement as sent, or queue it on a channel
  clocks CASE [--json]    regulatory clocks (GDPR Art. 33: 72 h from awareness of a
                          personal-data breach), started by facts in the case, with time left
  clock CASE REGIME start --basis TEXT [--at TIME] | close --outcome notified|not_required
        --note TEXT  --actor NAME
Simulated traffic
  simulate --scenario NAME [--events N] [--seed S] [--start TIME] [--out FILE | --rate R]
           [--truth FILE] write simulated LLM-gateway traffic; scenarios: benign,
                          jailbreak-campaign, prompt-injection, pii-leak,
                          token-exhaustion, jwt-bypass, mixed

Exit codes: 0 ok, 1 failure, 2 usage, 3 some records rejected, 4 verify found tampering,
5 not a usable case file, 130 interrupted.
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace cordon::cli;
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
        std::fputs(kUsageText, words.empty() ? stderr : stdout);
        return words.empty() ? static_cast<int>(ExitCode::kUsage) : static_cast<int>(ExitCode::kOk);
    }
    if (words[0] == "--version") {
        std::printf("cordon-cli %s\n", CORDON_VERSION);
        return kOk;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    if (command == "new")
        return runNew(words);
    if (command == "info")
        return runInfo(words);
    if (command == "verify")
        return runVerify(words);
    if (command == "import")
        return runImport(words);
    if (command == "simulate")
        return runSimulate(words);
    if (command == "listen")
        return runListen(words);
    if (command == "feeds")
        return runFeeds(words);
    if (command == "analyze")
        return runAnalyze(words);
    if (command == "session")
        return runSession(words);
    if (command == "examples")
        return runExamples(words);
    if (command == "iocs")
        return runIocs(words);
    if (command == "rules")
        return runRules(words);
    if (command == "protect")
        return runProtect(words);
    if (command == "detect")
        return runDetect(words);
    if (command == "alerts")
        return runAlerts(words);
    if (command == "alert")
        return runAlert(words);
    if (command == "playbooks")
        return runPlaybooks(words);
    if (command == "propose")
        return runPropose(words);
    if (command == "actions")
        return runActions(words);
    if (command == "action")
        return runAction(words);
    if (command == "tasks")
        return runTasks(words);
    if (command == "channels")
        return runChannels(words);
    if (command == "notify")
        return runNotify(words);
    if (command == "comms")
        return runComms(words);
    if (command == "statement")
        return runStatement(words);
    if (command == "clocks")
        return runClocks(words);
    if (command == "clock")
        return runClock(words);
    if (command == "artefacts")
        return runArtefacts(words);
    if (command == "roster")
        return runRoster(words);
    if (command == "policy")
        return runPolicy(words);
    if (command == "connectors")
        return runConnectors(words);
    if (command == "milestone")
        return runMilestone(words);
    if (command == "phase")
        return runPhase(words);
    return usageError("unknown command '" + command + "'");
}
