#pragma once

// One function per input format; normalizer.cpp picks among them. Each throws Reject for a
// record it cannot use and keeps every field it does not map in the event's attributes.

#include "core/normalize/json_fields.h"

#include <functional>

namespace cordon::core::normalize {

/// Normalises a record nested in another (a Splunk HEC envelope's event); nullopt when it
/// is in none of the known formats. A known but invalid record throws Reject.
using NestedNormalizer = std::function<std::optional<Normalized>(json &record, const RecordContext &context)>;

Normalized fromLiteLlm(json &record, std::string_view raw, const RecordContext &context);
Normalized fromOtlpTraces(json &record, const RecordContext &context);
Normalized fromLangfuse(json &record, const RecordContext &context);
Normalized fromEcs(json &record, std::string_view raw, const RecordContext &context);
Normalized fromOcsf(json &record, std::string_view raw, const RecordContext &context);
Normalized fromSplunkHec(json &record, std::string_view raw, const RecordContext &context,
                         const NestedNormalizer &nested);
Normalized fromAlertmanager(json &record, const RecordContext &context, bool grafana);
Normalized fromSyslog(std::string_view line, const RecordContext &context);
Normalized fromStix(json &record, const RecordContext &context);
Normalized fromMisp(json &record, const RecordContext &context);

/// The readable text of chat messages in any of the shapes gateways log: a string, a JSON
/// string of messages, [{role, content}], content parts [{type, text}], OTel parts.
/// Messages whose role is in skipRoles are left out (e.g. the system prompt).
std::string messagesText(const json &messages, std::initializer_list<std::string_view> skipRoles = {});

/// The record minus the given dotted paths, as an attributes object.
json remainder(const json &record, std::initializer_list<std::string_view> mapped);

} // namespace cordon::core::normalize
