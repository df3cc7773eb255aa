#include "core/util/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace cordon::core {
namespace {

struct Registry {
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    spdlog::level::level_enum level = spdlog::level::warn;
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

std::shared_ptr<spdlog::logger> logger(const std::string &subsystem)
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    if (auto existing = spdlog::get(subsystem))
        return existing;
    auto created = std::make_shared<spdlog::logger>(subsystem, r.sinks.begin(), r.sinks.end());
    created->set_level(r.level);
    spdlog::register_logger(created);
    return created;
}

void setLogSinks(std::vector<spdlog::sink_ptr> sinks)
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    r.sinks = std::move(sinks);
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &l) { l->sinks() = r.sinks; });
}

void setLogLevel(spdlog::level::level_enum level)
{
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    r.level = level;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &l) { l->set_level(level); });
}

} // namespace cordon::core
