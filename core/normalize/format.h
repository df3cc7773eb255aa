#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace cordon::core {

/// The input formats Cordon reads (docs/formats.md).
enum class Format {
    Cordon,         ///< Cordon's JSON-lines events
    LiteLlm,        ///< LiteLLM StandardLoggingPayload
    OtlpTraces,     ///< OpenTelemetry traces in OTLP/JSON, gen_ai.* spans
    Langfuse,       ///< a Langfuse trace export (trace + observations)
    Ecs,            ///< an Elastic Common Schema document, gen_ai.* included
    Alertmanager,   ///< Prometheus Alertmanager webhook, version 4
    Grafana,        ///< Grafana Alerting webhook
    Ocsf,           ///< an OCSF event (any class; Detection Finding, API Activity, Authentication mapped)
    SplunkHec,      ///< a Splunk HTTP Event Collector envelope
    Syslog,         ///< RFC 5424 or RFC 3164 text
    Stix,           ///< a STIX 2.1 bundle: indicators
    Misp,           ///< a MISP event: indicators
};

std::string_view formatName(Format format);
std::optional<Format> formatFromName(std::string_view name);
const std::vector<Format> &allFormats();

/// The format of a parsed JSON record, judged from its fields; nullopt when it matches none.
std::optional<Format> detectJsonFormat(const nlohmann::json &record);

/// Whether a text line reads as syslog: a <PRI> header, or an RFC 3164 "Mmm dd hh:mm:ss" stamp.
bool looksLikeSyslog(std::string_view line);

} // namespace cordon::core
