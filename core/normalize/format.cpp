#include "core/normalize/format.h"

#include <array>
#include <cctype>
#include <utility>

namespace cordon::core {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 12> kNames = {{
    {Format::Cordon, "cordon"},
    {Format::LiteLlm, "litellm"},
    {Format::OtlpTraces, "otlp"},
    {Format::Langfuse, "langfuse"},
    {Format::Ecs, "ecs"},
    {Format::Alertmanager, "alertmanager"},
    {Format::Grafana, "grafana"},
    {Format::Ocsf, "ocsf"},
    {Format::SplunkHec, "hec"},
    {Format::Syslog, "syslog"},
    {Format::Stix, "stix"},
    {Format::Misp, "misp"},
}};

bool has(const nlohmann::json &o, const char *key)
{
    auto it = o.find(key);
    return it != o.end() && !it->is_null();
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::string_view formatName(Format format)
{
    for (const auto &[f, name] : kNames) {
        if (f == format)
            return name;
    }
    return "unknown";
}

std::optional<Format> formatFromName(std::string_view name)
{
    for (const auto &[f, n] : kNames) {
        if (n == name)
            return f;
    }
    return std::nullopt;
}

const std::vector<Format> &allFormats()
{
    static const std::vector<Format> all = [] {
        std::vector<Format> v;
        for (const auto &[f, name] : kNames)
            v.push_back(f);
        return v;
    }();
    return all;
}

std::optional<Format> detectJsonFormat(const nlohmann::json &r)
{
    if (!r.is_object())
        return std::nullopt;
    // The most specific shapes first: their marker fields do not occur in the others.
    if ((r.value("type", "") == "bundle" && has(r, "objects")) || (has(r, "spec_version") && has(r, "type")))
        return Format::Stix;
    if ((has(r, "Event") && r["Event"].is_object()) || (has(r, "Attribute") && has(r, "info"))
        || (has(r, "Object") && r["Object"].is_array()))
        return Format::Misp;
    if (has(r, "response") && r["response"].is_array() && !r["response"].empty()) {
        // MISP's REST API wraps search results: {"response": [{"Event": ...}, ...]}
        const auto &first = r["response"][0];
        if (first.is_object() && (has(first, "Event") || has(first, "Attribute") || has(first, "info")))
            return Format::Misp;
    }
    if (has(r, "resourceSpans"))
        return Format::OtlpTraces;
    if (has(r, "trace") && has(r, "observations"))
        return Format::Langfuse;
    if (has(r, "alerts") && r["alerts"].is_array() && (has(r, "groupKey") || has(r, "receiver"))) {
        // Grafana's webhook is Alertmanager's shape plus its own fields and version "1".
        const bool grafana = has(r, "orgId") || r.value("version", "") == "1" || has(r, "state");
        return grafana ? Format::Grafana : Format::Alertmanager;
    }
    if (has(r, "class_uid") && r["class_uid"].is_number_integer())
        return Format::Ocsf;
    if (has(r, "call_type") && (has(r, "messages") || has(r, "model")))
        return Format::LiteLlm;
    if (has(r, "kind") && r["kind"].is_string())
        return Format::Cordon;
    if (has(r, "event") && !has(r, "@timestamp")
        && (r["event"].is_string() || has(r, "sourcetype") || has(r, "fields") || has(r, "host")))
        return Format::SplunkHec;
    if (has(r, "@timestamp") || has(r, "ecs") || has(r, "ecs.version"))
        return Format::Ecs;
    // Only Cordon's own fields: read it as a Cordon event so the reason names what is missing.
    for (const char *key : {"time", "prompt", "output", "account", "session"}) {
        if (has(r, key))
            return Format::Cordon;
    }
    return std::nullopt;
}

bool looksLikeSyslog(std::string_view line)
{
    if (line.size() >= 3 && line[0] == '<' && isDigit(line[1])) {
        const auto close = line.find('>');
        return close != std::string_view::npos && close <= 4;
    }
    // RFC 3164 as written to files, without <PRI>: "Dec 10 06:55:46 host tag: ..."
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (line.size() < 16)
        return false;
    bool month = false;
    for (auto m : kMonths)
        month = month || line.substr(0, 3) == m;
    return month && line[3] == ' ' && (line[4] == ' ' || isDigit(line[4])) && isDigit(line[5]) && line[6] == ' '
        && isDigit(line[7]) && line[9] == ':' && line[12] == ':';
}

} // namespace cordon::core
