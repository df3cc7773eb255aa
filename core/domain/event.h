#pragma once

#include "core/util/clock.h"
#include "core/util/sha256.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cordon::core {

/// A normalised event. Field meanings follow the OpenTelemetry GenAI conventions and ECS
/// where they overlap (gen_ai.request.model, gen_ai.usage.input_tokens, user.id, ...).
struct Event {
    std::int64_t id = 0;                  ///< row id once stored
    TimeUs eventTime = 0;                 ///< when it happened
    TimeUs recordTime = 0;                ///< when Cordon learned of it
    std::string source;                   ///< feed or file it came from
    std::string kind;                     ///< llm.request, llm.response, guardrail.verdict, tool.call, auth, ...
    std::optional<std::string> externalId;  ///< the source system's id for the event
    std::optional<std::string> account;   ///< user.id / enduser.id
    std::optional<std::string> session;   ///< session.id / gen_ai.conversation.id
    std::optional<std::string> sourceIp;  ///< source.ip / client.address
    std::optional<std::string> userAgent; ///< user_agent.original
    std::optional<std::string> model;     ///< gen_ai.request.model
    std::optional<std::string> modelVersion;  ///< gen_ai.response.model or a deployment version
    std::optional<std::string> provider;  ///< gen_ai.provider.name
    std::optional<std::string> prompt;
    std::optional<std::string> output;
    std::optional<std::int64_t> inputTokens;   ///< gen_ai.usage.input_tokens
    std::optional<std::int64_t> outputTokens;  ///< gen_ai.usage.output_tokens
    std::uint32_t flags = 0;              ///< EventFlag bits
    std::optional<std::string> attributes;  ///< JSON object of everything not mapped above
    std::string payload;                  ///< the original record, byte for byte
    Digest payloadSha256{};
};

} // namespace cordon::core
