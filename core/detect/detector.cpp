#include "core/detect/detector.h"

#include <algorithm>
#include <cmath>

namespace cordon::core {

Detector::Detector(const DetectionConfig &config) : m_config(config) {}

std::int64_t Detector::groupEntity(const Rule &rule, const DetectionEvent &e) const
{
    switch (rule.groupBy) {
    case Rule::GroupBy::None: return 0;
    case Rule::GroupBy::Account: return e.account;
    case Rule::GroupBy::Session: return e.session;
    case Rule::GroupBy::SourceIp: return e.sourceIp;
    case Rule::GroupBy::Model: return e.model;
    }
    return 0;
}

void Detector::evict(const Rule &rule, Group &g, TimeUs now)
{
    while (!g.entries.empty() && g.entries.front().time <= now - rule.window) {
        const Entry &old = g.entries.front();
        g.sum -= old.value;
        g.ratioHits -= old.ratioHit;
        if (rule.measure == Rule::Measure::Distinct) {
            auto it = g.distinct.find(old.distinct);
            if (it != g.distinct.end() && --it->second == 0)
                g.distinct.erase(it);
        }
        g.entries.pop_front();
    }
    if (rule.measure == Rule::Measure::Spike) {
        const std::int64_t current = now / rule.window;
        while (!g.buckets.empty() && g.buckets.begin()->first < current - rule.baselineWindows)
            g.buckets.erase(g.buckets.begin());
    }
}

double Detector::measureOf(const Rule &rule, const Group &g, TimeUs now) const
{
    const auto n = static_cast<std::int64_t>(g.entries.size());
    if (n < rule.minEvents)
        return 0;
    switch (rule.measure) {
    case Rule::Measure::Count: return static_cast<double>(n);
    case Rule::Measure::Distinct: return static_cast<double>(g.distinct.size());
    case Rule::Measure::Sum: return g.sum;
    case Rule::Measure::Ratio:
        if (g.ratioHits < rule.minHits)
            return 0;
        return n ? static_cast<double>(g.ratioHits) / static_cast<double>(n) : 0;
    case Rule::Measure::Spike: {
        // A baseline needs history: until the group has been seen for the whole baseline
        // span, any start of traffic would look like a spike.
        if (now - g.firstSeen < rule.window * rule.baselineWindows)
            return 0;
        const std::int64_t current = now / rule.window;
        double past = 0;
        for (const auto &[bucket, count] : g.buckets) {
            if (bucket < current && bucket >= current - rule.baselineWindows)
                past += static_cast<double>(count);
        }
        const double baseline = std::max(static_cast<double>(std::max<std::int64_t>(1, rule.minEvents)),
                                         past / rule.baselineWindows);
        return static_cast<double>(n) / baseline;
    }
    }
    return 0;
}

AlertChange &Detector::changeFor(const GroupKey &key, Group &g)
{
    if (g.pending == SIZE_MAX) {
        g.pending = m_changes.size();
        AlertChange c;
        c.key = key;
        c.alertId = g.alertId > 0 ? g.alertId : 0;
        m_changes.push_back(std::move(c));
    }
    return m_changes[g.pending];
}

void Detector::observe(const DetectionEvent &e, bool emit)
{
    for (std::size_t r = 0; r < m_config.rules.size(); ++r) {
        const Rule &rule = m_config.rules[r];
        if (!rule.selects(e.kind, e.signalSet))
            continue;
        const std::int64_t entity = groupEntity(rule, e);
        if (rule.groupBy != Rule::GroupBy::None && entity == 0)
            continue;   // grouped by account, but the event names none
        const GroupKey key{r, entity};
        Group &g = m_groups[key];
        if (g.firstSeen == 0)
            g.firstSeen = e.time;
        g.maxTime = std::max(g.maxTime, e.time);
        evict(rule, g, g.maxTime);

        Entry entry{e.time, e.id, 0, 0, (e.signalSet & rule.ratioOf) != 0};
        if (rule.measure == Rule::Measure::Sum) {
            entry.value = static_cast<double>(rule.field == "input_tokens" ? e.inputTokens
                                              : rule.field == "output_tokens" ? e.outputTokens
                                                                              : e.inputTokens + e.outputTokens);
        } else if (rule.measure == Rule::Measure::Distinct) {
            entry.distinct = rule.field == "account" ? e.account : rule.field == "session" ? e.session : e.sourceIp;
            if (entry.distinct != 0)
                ++g.distinct[entry.distinct];
        }
        g.sum += entry.value;
        g.ratioHits += entry.ratioHit;
        g.entries.push_back(entry);
        if (rule.measure == Rule::Measure::Spike)
            ++g.buckets[e.time / rule.window];

        // An alert whose group went quiet for its grouping period is over; new matches start another.
        if (g.alertId != 0 && e.time - g.alertLast > rule.groupFor) {
            g.alertId = 0;
            g.level = -1;
            g.linked = 0;
        }
        const double value = measureOf(rule, g, g.maxTime);
        int level = -1;
        for (std::size_t l = 0; l < rule.levels.size(); ++l) {
            if (value > rule.levels[l].above)
                level = static_cast<int>(l);
        }
        if (!emit) {
            if (g.alertId != 0)
                g.alertLast = std::max(g.alertLast, e.time);
            continue;
        }
        if (g.alertId == 0 && level < 0)
            continue;

        auto fill = [&](const std::string &criterion) {
            std::string text = criterion;
            auto replace = [&text](std::string_view token, const std::string &with) {
                for (auto p = text.find(token); p != std::string::npos; p = text.find(token, p + with.size()))
                    text.replace(p, token.size(), with);
            };
            char number[32];
            if (rule.measure == Rule::Measure::Ratio || rule.measure == Rule::Measure::Spike)
                std::snprintf(number, sizeof number, "%.2f", value);
            else
                std::snprintf(number, sizeof number, "%.0f", value);
            replace("{value}", number);
            replace("{count}", std::to_string(rule.measure == Rule::Measure::Ratio ? g.ratioHits
                                                                                  : static_cast<std::int64_t>(g.entries.size())));
            replace("{window}", std::to_string(rule.window / 60'000'000) + " min");
            return text;   // {key} is left for the writer, which knows the entity's name
        };

        if (g.alertId == 0) {
            // Raise: the alert links every event in the window that led to it.
            g.alertId = -1;
            g.level = level;
            AlertChange &c = changeFor(key, g);
            c.severity = rule.levels[static_cast<std::size_t>(level)].severity;
            c.newCriteria.push_back(fill(rule.levels[static_cast<std::size_t>(level)].criterion));
            c.firstTime = g.entries.front().time;
            for (const Entry &x : g.entries) {
                if (c.eventIds.size() < kMaxLinkedPerAlert)
                    c.eventIds.push_back(x.id);
                c.firstTime = std::min(c.firstTime, x.time);
            }
            c.newEvents = static_cast<std::int64_t>(g.entries.size());
            g.linked = static_cast<std::int64_t>(c.eventIds.size());
            c.lastTime = e.time;
        } else {
            AlertChange &c = changeFor(key, g);
            if (level > g.level) {
                g.level = level;
                c.severity = rule.levels[static_cast<std::size_t>(level)].severity;
                c.severityRaised = true;
                c.newCriteria.push_back(fill(rule.levels[static_cast<std::size_t>(level)].criterion));
            } else if (c.newCriteria.empty() && !c.severityRaised) {
                c.severity = rule.levels[static_cast<std::size_t>(std::max(g.level, 0))].severity;
            }
            if (g.linked < static_cast<std::int64_t>(kMaxLinkedPerAlert)) {
                c.eventIds.push_back(e.id);
                ++g.linked;
            }
            ++c.newEvents;
            c.firstTime = c.firstTime ? std::min(c.firstTime, e.time) : e.time;
            c.lastTime = std::max(c.lastTime, e.time);
        }
        g.alertLast = std::max(g.alertLast, e.time);
    }
}

std::vector<AlertChange> Detector::takeChanges()
{
    for (auto &[key, g] : m_groups)
        g.pending = SIZE_MAX;
    return std::exchange(m_changes, {});
}

void Detector::attachAlert(const GroupKey &key, std::int64_t alertId, int level, TimeUs lastTime, std::int64_t linked)
{
    Group &g = m_groups[key];
    g.alertId = alertId;
    g.level = level;
    g.alertLast = std::max(g.alertLast, lastTime);
    g.linked = linked;
}

void Detector::confirmAlert(const GroupKey &key, std::int64_t alertId)
{
    auto it = m_groups.find(key);
    if (it != m_groups.end() && it->second.alertId != 0)
        it->second.alertId = alertId;
}

double Detector::measure(const GroupKey &key) const
{
    auto it = m_groups.find(key);
    if (it == m_groups.end())
        return 0;
    return measureOf(m_config.rules[key.rule], it->second, it->second.maxTime);
}

} // namespace cordon::core
