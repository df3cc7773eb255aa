#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// The roles of an incident response team (DESIGN.md, domain vocabulary).
enum class Role { IncidentCommander, SecurityAnalyst, ModelEngineer, ApplicationDeveloper, LegalCompliance };
std::string_view toString(Role r);          ///< incident_commander, …
std::string_view roleTitle(Role r);         ///< "Incident commander", …
std::optional<Role> roleFromString(std::string_view s);   ///< accepts ids and titles
const std::vector<Role> &allRoles();

/// A person on the case's roster in one role (someone in two roles has two entries).
struct Person {
    std::int64_t id = 0;
    std::string name;
    Role role = Role::SecurityAnalyst;
    std::string contact;   ///< e-mail, phone or chat handle, as the team reaches them
    bool onCall = false;
};

/// Every change a person makes is recorded under their name: refuses a blank one with
/// "<doing> needs the name of the person doing it".
Status requireName(const std::string &actor, std::string_view doing);

/// Adds a person in a role (audited person.add); refuses an empty name or a duplicate.
Expected<std::int64_t> addPerson(Database &db, const Clock &clock, const std::string &actor, const Person &person);
/// Changes contact, role or on-call (audited person.change).
Status updatePerson(Database &db, const Clock &clock, const std::string &actor, const Person &person);
/// Takes a person off the roster (audited person.remove).
Status removePerson(Database &db, const Clock &clock, const std::string &actor, std::int64_t id);

std::vector<Person> listPeople(Database &db);
/// Whether `name` holds `role` on the roster.
bool holdsRole(Database &db, const std::string &name, Role role);
/// Who to reach for a role: those on call first, then the others, by name.
std::vector<Person> peopleInRole(Database &db, Role role);

} // namespace cordon::core::response
