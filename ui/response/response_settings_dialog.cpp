#include "ui/response/response_settings_dialog.h"

#include "ui/case_writes.h"
#include "ui/qt_text.h"
#include "ui/response/response_desk.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

namespace r = core::response;

QTableWidget *listTable(const char *name, const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(QString::fromLatin1(name));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QPushButton *named(QPushButton *b, const char *name)
{
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

/// A tab: the list above, the form to add or change an entry below.
QWidget *tab(QTableWidget *list, QLayout *form, std::initializer_list<QPushButton *> buttons)
{
    auto *w = new QWidget;
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(list, 1);
    layout->addLayout(form);
    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    for (QPushButton *b : buttons)
        bar->addWidget(b);
    layout->addLayout(bar);
    return w;
}

const char *const kConnectorExample = R"({"url": "https://gateway.example/admin/actions", "auth": "bearer", "secret": "env:GATEWAY_TOKEN", "timeout_ms": 10000, "retries": 2})";
const char *const kChannelExample = R"({"url": "env:SLACK_WEBHOOK_URL"})";

} // namespace

ResponseSettingsDialog::ResponseSettingsDialog(ResponseDesk &desk, QWidget *parent)
    : QDialog(parent), m_desk(desk),
      m_people(listTable("rosterTable", {tr("Name"), tr("Role"), tr("Contact"), tr("On call")})),
      m_connectors(listTable("connectorTable", {tr("Name"), tr("Kind"), tr("Dry run"), tr("Configuration")})),
      m_channels(listTable("channelTable", {tr("Name"), tr("Kind"), tr("On"), tr("Told about"), tr("Configuration")})),
      m_personName(new QLineEdit), m_personContact(new QLineEdit), m_personRole(new QComboBox), m_personOnCall(new QCheckBox(tr("On call"))),
      m_twoPerson(new QCheckBox(tr("Destructive or broad actions need a second person's approval"))), m_approverRole(new QComboBox),
      m_defaultConnector(new QComboBox), m_connectorName(new QLineEdit), m_channelName(new QLineEdit), m_connectorKind(new QComboBox),
      m_channelKind(new QComboBox), m_connectorConfig(new QPlainTextEdit), m_channelConfig(new QPlainTextEdit),
      m_connectorDryRun(new QCheckBox(tr("Dry run: deliveries change nothing at the target"))), m_channelEnabled(new QCheckBox(tr("Enabled")))
{
    setObjectName(QStringLiteral("responseSettings"));
    setWindowTitle(tr("Roster, Policy and Channels"));
    resize(860, 560);
    auto *tabs = new QTabWidget;
    tabs->addTab(createRosterTab(), tr("&Roster"));
    tabs->addTab(createPolicyTab(), tr("&Approval Policy"));
    tabs->addTab(createConnectorsTab(), tr("&Connectors"));
    tabs->addTab(createChannelsTab(), tr("&Notification Channels"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    if (!m_desk.writable())
        layout->addWidget(new QLabel(tr("The case is open read-only: nothing here can be changed.")));
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    connect(&m_desk, &ResponseDesk::changed, this, &ResponseSettingsDialog::showSnapshot);
    showSnapshot();
}

QWidget *ResponseSettingsDialog::createRosterTab()
{
    for (r::Role role : r::allRoles()) {
        m_personRole->addItem(qstr(r::roleTitle(role)), int(role));
        m_approverRole->addItem(qstr(r::roleTitle(role)), int(role));
    }
    m_personName->setObjectName(QStringLiteral("personName"));
    m_personContact->setPlaceholderText(tr("e-mail, phone or chat handle"));
    auto *form = new QHBoxLayout;
    form->addWidget(m_personName, 2);
    form->addWidget(m_personRole, 2);
    form->addWidget(m_personContact, 3);
    form->addWidget(m_personOnCall);
    m_personName->setPlaceholderText(tr("Name"));
    auto *add = named(new QPushButton(tr("&Add Person")), "addPerson");
    auto *onCall = named(new QPushButton(tr("Toggle On &Call")), "toggleOnCall");
    auto *remove = named(new QPushButton(tr("Re&move")), "removePerson");
    connect(add, &QPushButton::clicked, this, &ResponseSettingsDialog::addPerson);
    auto selected = [this]() -> std::optional<r::Person> {
        const int row = m_people->currentRow();
        const auto &people = m_desk.snapshot().people;
        return row >= 0 && row < int(people.size()) ? std::optional(people[std::size_t(row)]) : std::nullopt;
    };
    connect(onCall, &QPushButton::clicked, this, [this, selected] {
        auto p = selected();
        if (!p)
            return;
        p->onCall = !p->onCall;
        m_desk.change(tr("Changing the roster"), [p = *p, actor = responderName().toStdString()](core::Database &db) {
            return r::updatePerson(db, core::SystemClock::instance(), actor, p);
        });
    });
    connect(remove, &QPushButton::clicked, this, [this, selected] {
        const auto p = selected();
        if (!p || QMessageBox::question(this, tr("Roster"), tr("Take %1 off the roster?").arg(q(p->name))) != QMessageBox::Yes)
            return;
        m_desk.change(tr("Changing the roster"), [id = p->id, actor = responderName().toStdString()](core::Database &db) {
            return r::removePerson(db, core::SystemClock::instance(), actor, id);
        });
    });
    return tab(m_people, form, {add, onCall, remove});
}

QWidget *ResponseSettingsDialog::createPolicyTab()
{
    m_twoPerson->setObjectName(QStringLiteral("twoPersonApproval"));
    auto *w = new QWidget;
    auto *form = new QFormLayout(w);
    form->addRow(m_twoPerson);
    form->addRow(tr("Second approver holds the role:"), m_approverRole);
    form->addRow(tr("Connector for proposals that name none:"), m_defaultConnector);
    auto *save = named(new QPushButton(tr("&Save Policy")), "savePolicy");
    connect(save, &QPushButton::clicked, this, &ResponseSettingsDialog::savePolicy);
    form->addRow(save);
    return w;
}

QWidget *ResponseSettingsDialog::createConnectorsTab()
{
    for (const char *kind : {"http", "file", "manual"})
        m_connectorKind->addItem(QString::fromLatin1(kind));
    m_connectorName->setPlaceholderText(tr("Name"));
    m_connectorConfig->setPlaceholderText(QString::fromLatin1(kConnectorExample));
    m_connectorConfig->setMaximumHeight(70);
    auto *form = new QVBoxLayout;
    auto *line = new QHBoxLayout;
    line->addWidget(m_connectorName, 1);
    line->addWidget(m_connectorKind);
    line->addWidget(m_connectorDryRun);
    form->addLayout(line);
    form->addWidget(m_connectorConfig);
    auto *save = named(new QPushButton(tr("&Save Connector")), "saveConnector");
    auto *remove = named(new QPushButton(tr("Re&move")), "removeConnector");
    connect(save, &QPushButton::clicked, this, &ResponseSettingsDialog::saveConnector);
    connect(remove, &QPushButton::clicked, this, [this] {
        const auto *item = m_connectors->item(m_connectors->currentRow(), 0);
        if (!item)
            return;
        m_desk.change(tr("Removing the connector"), [name = item->text().toStdString(), actor = responderName().toStdString()](core::Database &db) {
            return r::removeConnector(db, core::SystemClock::instance(), actor, name);
        });
    });
    connect(m_connectors, &QTableWidget::currentCellChanged, this, [this](int row) {
        const auto &all = m_desk.snapshot().connectors;
        if (row < 0 || row >= int(all.size()))
            return;
        const auto &c = all[std::size_t(row)];
        m_connectorName->setText(q(c.name));
        m_connectorKind->setCurrentText(qstr(toString(c.kind)));
        m_connectorDryRun->setChecked(c.dryRun);
        m_connectorConfig->setPlainText(q(c.config.dump(2)));
    });
    return tab(m_connectors, form, {save, remove});
}

QWidget *ResponseSettingsDialog::createChannelsTab()
{
    for (const char *kind : {"slack", "pagerduty", "webhook"})
        m_channelKind->addItem(QString::fromLatin1(kind));
    m_channelName->setPlaceholderText(tr("Name"));
    m_channelName->setObjectName(QStringLiteral("channelName"));
    m_channelConfig->setObjectName(QStringLiteral("channelConfig"));
    m_channelConfig->setPlaceholderText(tr("%1   (PagerDuty: {\"routing_key\": \"env:PD_ROUTING_KEY\"}; webhook: url and an optional bearer secret)")
                                            .arg(QString::fromLatin1(kChannelExample)));
    m_channelConfig->setMaximumHeight(70);
    m_channelEnabled->setChecked(true);
    auto *form = new QVBoxLayout;
    auto *line = new QHBoxLayout;
    line->addWidget(m_channelName, 1);
    line->addWidget(m_channelKind);
    line->addWidget(m_channelEnabled);
    form->addLayout(line);
    auto *triggers = new QHBoxLayout;
    triggers->addWidget(new QLabel(tr("Tell it about:")));
    for (r::Trigger t : r::allTriggers()) {
        QString label = qstr(toString(t));
        label.replace(QLatin1Char('_'), QLatin1Char(' '));
        auto *box = new QCheckBox(label);
        box->setChecked(true);
        box->setProperty("trigger", int(t));
        triggers->addWidget(box);
        m_channelTriggers.push_back(box);
    }
    triggers->addStretch(1);
    form->addLayout(triggers);
    form->addWidget(m_channelConfig);
    auto *save = named(new QPushButton(tr("&Save Channel")), "saveChannel");
    auto *remove = named(new QPushButton(tr("Re&move")), "removeChannel");
    connect(save, &QPushButton::clicked, this, &ResponseSettingsDialog::saveChannel);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_channels->currentRow();
        auto channels = m_desk.snapshot().channels;
        if (row < 0 || row >= int(channels.size()))
            return;
        channels.erase(channels.begin() + row);
        m_desk.change(tr("Removing the channel"), [channels, actor = responderName().toStdString()](core::Database &db) {
            return r::storeNotificationChannels(db, core::SystemClock::instance(), actor, channels);
        });
    });
    connect(m_channels, &QTableWidget::currentCellChanged, this, [this](int row) {
        const auto &all = m_desk.snapshot().channels;
        if (row < 0 || row >= int(all.size()))
            return;
        const auto &c = all[std::size_t(row)];
        m_channelName->setText(q(c.name));
        m_channelKind->setCurrentText(qstr(toString(c.kind)));
        m_channelEnabled->setChecked(c.enabled);
        m_channelConfig->setPlainText(q(c.config.dump(2)));
        for (QCheckBox *box : m_channelTriggers)
            box->setChecked(std::find(c.triggers.begin(), c.triggers.end(), r::Trigger(box->property("trigger").toInt())) != c.triggers.end());
    });
    return tab(m_channels, form, {save, remove});
}

void ResponseSettingsDialog::showSnapshot()
{
    const ResponseSnapshot &s = m_desk.snapshot();
    m_people->setRowCount(int(s.people.size()));
    for (std::size_t i = 0; i < s.people.size(); ++i) {
        const auto &p = s.people[i];
        setRow(m_people, int(i), {q(p.name), qstr(r::roleTitle(p.role)), q(p.contact), p.onCall ? tr("on call") : QString()});
    }
    m_connectors->setRowCount(int(s.connectors.size()));
    m_defaultConnector->clear();
    m_defaultConnector->addItem(tr("manual (a person confirms)"), QString());
    for (std::size_t i = 0; i < s.connectors.size(); ++i) {
        const auto &c = s.connectors[i];
        setRow(m_connectors, int(i), {q(c.name), qstr(toString(c.kind)), c.dryRun ? tr("dry run") : QString(), q(c.config.dump())});
        m_defaultConnector->addItem(q(c.name), q(c.name));
    }
    m_channels->setRowCount(int(s.channels.size()));
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
        const auto &c = s.channels[i];
        QStringList triggers;
        for (r::Trigger t : c.triggers)
            triggers << qstr(toString(t));
        setRow(m_channels, int(i), {q(c.name), qstr(toString(c.kind)), c.enabled ? tr("on") : tr("off"), triggers.join(QStringLiteral(", ")),
                                    q(c.config.dump())});
    }
    m_twoPerson->setChecked(s.policy.twoPersonApproval);
    m_approverRole->setCurrentIndex(m_approverRole->findData(int(s.policy.approverRole)));
    m_defaultConnector->setCurrentIndex(std::max(0, m_defaultConnector->findData(q(s.policy.defaultConnector))));
}

void ResponseSettingsDialog::addPerson()
{
    r::Person p;
    p.name = m_personName->text().trimmed().toStdString();
    p.role = r::Role(m_personRole->currentData().toInt());
    p.contact = m_personContact->text().trimmed().toStdString();
    p.onCall = m_personOnCall->isChecked();
    m_desk.change(tr("Adding to the roster"), [p, actor = responderName().toStdString()](core::Database &db) -> core::Status {
        auto added = r::addPerson(db, core::SystemClock::instance(), actor, p);
        return added ? core::Status{} : core::Status{added.error()};
    });
    m_personName->clear();
    m_personContact->clear();
}

void ResponseSettingsDialog::savePolicy()
{
    r::ResponsePolicy p;
    p.twoPersonApproval = m_twoPerson->isChecked();
    p.approverRole = r::Role(m_approverRole->currentData().toInt());
    p.defaultConnector = m_defaultConnector->currentData().toString().toStdString();
    m_desk.change(tr("Saving the policy"), [p, actor = responderName().toStdString()](core::Database &db) {
        return r::storeResponsePolicy(db, core::SystemClock::instance(), actor, p);
    }, tr("Approval policy saved"));
}

std::optional<nlohmann::json> ResponseSettingsDialog::parseConfig(QPlainTextEdit *edit)
{
    const QString text = edit->toPlainText().trimmed();
    auto j = nlohmann::json::parse(text.isEmpty() ? QStringLiteral("{}").toStdString() : text.toStdString(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        QMessageBox::warning(this, windowTitle(), tr("The configuration must be a JSON object, e.g.\n%1").arg(edit->placeholderText()));
        return std::nullopt;
    }
    return j;
}

void ResponseSettingsDialog::saveConnector()
{
    const auto config = parseConfig(m_connectorConfig);
    if (!config)
        return;
    r::ConnectorDefinition def;
    def.kind = r::connectorKindFromString(m_connectorKind->currentText().toStdString()).value_or(def.kind);
    def.name = m_connectorName->text().trimmed().toStdString();
    def.config = *config;
    def.dryRun = m_connectorDryRun->isChecked();
    m_desk.change(tr("Saving the connector"), [def, actor = responderName().toStdString()](core::Database &db) -> core::Status {
        auto saved = r::saveConnector(db, core::SystemClock::instance(), actor, def);
        return saved ? core::Status{} : core::Status{saved.error()};
    }, tr("Connector saved"));
}

void ResponseSettingsDialog::saveChannel()
{
    const auto config = parseConfig(m_channelConfig);
    if (!config)
        return;
    r::NotificationChannel c;
    c.kind = r::channelKindFromString(m_channelKind->currentText().toStdString()).value_or(c.kind);
    c.name = m_channelName->text().trimmed().toStdString();
    c.config = *config;
    c.enabled = m_channelEnabled->isChecked();
    c.triggers.clear();
    for (QCheckBox *box : m_channelTriggers) {
        if (box->isChecked())
            c.triggers.push_back(r::Trigger(box->property("trigger").toInt()));
    }
    auto channels = m_desk.snapshot().channels;
    const auto same = std::find_if(channels.begin(), channels.end(), [&](const auto &x) { return x.name == c.name; });
    if (same != channels.end())
        *same = c;
    else
        channels.push_back(c);
    m_desk.change(tr("Saving the channel"), [channels, actor = responderName().toStdString()](core::Database &db) {
        return r::storeNotificationChannels(db, core::SystemClock::instance(), actor, channels);
    }, tr("Notification channel saved"));
}

} // namespace cordon::ui
