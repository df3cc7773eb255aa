#include "core/audit/audited_objects.h"

namespace cordon::core {

const std::vector<AuditedObject> &auditedObjects()
{
    static const std::vector<AuditedObject> all = {
        {"case", "case_info"},         {"batch", "batches"},
        {"alert", "alerts"},           {"indicator", "indicators"},
        {"action", "actions"},         {"task", "tasks"},
        {"note", "notes"},             {"evidence", "evidence"},
        {"review_section", "review_sections"}, {"action_item", "action_items"},
        {"feed", "feeds"},             {"setting", "settings"},
        {"analysis", "analyses"},   {"adversarial_example", "adversarial_examples"},
        {"person", "people"},         {"connector", "connectors"},
        {"communication", "communications"}, {"regulatory_clock", "regulatory_clocks"},
    };
    return all;
}

std::string_view tableForObjectType(std::string_view type)
{
    for (const auto &o : auditedObjects()) {
        if (o.type == type)
            return o.table;
    }
    return {};
}

const std::vector<BatchCoveredTable> &batchCoveredTables()
{
    static const std::vector<BatchCoveredTable> all = {
        {"entities", "first_entity_id", "last_entity_id", "entity_count"},
        {"events", "first_event_id", "last_event_id", "event_count"},
        {"dead_letters", "first_dead_id", "last_dead_id", "dead_count"},
    };
    return all;
}

} // namespace cordon::core
