#pragma once

#include <QDialog>

#include <nlohmann/json.hpp>

#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace cordon::ui {

class ResponseDesk;

/// How the case runs its response, edited in one place: the roster (people in roles, their
/// contacts, who is on call), the approval policy (the two-person rule and its role),
/// connectors (how actions reach systems) and notification channels. Every change is a
/// write through the case's writer, audited; secrets are entered as env:/file: references.
class ResponseSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ResponseSettingsDialog(ResponseDesk &desk, QWidget *parent = nullptr);

private:
    QWidget *createRosterTab();
    QWidget *createPolicyTab();
    QWidget *createConnectorsTab();
    QWidget *createChannelsTab();
    void showSnapshot();
    void addPerson();
    void savePolicy();
    void saveConnector();
    void saveChannel();
    /// The JSON object typed into `edit`, or nullopt after saying what is wrong with it.
    std::optional<nlohmann::json> parseConfig(QPlainTextEdit *edit);

    ResponseDesk &m_desk;
    QTableWidget *m_people, *m_connectors, *m_channels;
    QLineEdit *m_personName, *m_personContact;
    QComboBox *m_personRole;
    QCheckBox *m_personOnCall;
    QCheckBox *m_twoPerson;
    QComboBox *m_approverRole, *m_defaultConnector;
    QLineEdit *m_connectorName, *m_channelName;
    QComboBox *m_connectorKind, *m_channelKind;
    QPlainTextEdit *m_connectorConfig, *m_channelConfig;
    QCheckBox *m_connectorDryRun, *m_channelEnabled;
    std::vector<QCheckBox *> m_channelTriggers;
};

} // namespace cordon::ui
