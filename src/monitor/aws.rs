//! The AWS account root user: an EventBridge rule matching every console sign-in (successful or
//! not) and every API call made as root, as CloudTrail reports them (`userIdentity.type` is `Root`),
//! and the AWS CLI commands that create it with an SNS topic as its target.
//!
//! Console sign-ins of the root user are delivered to EventBridge in `us-east-1`; API calls in the
//! Region where they are made, and only while a CloudTrail trail logs management events. So the
//! rule goes in `us-east-1` and in every Region the account uses, each with a topic in its own
//! Region, and in the state that also delivers read-only calls
//! (`ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`).

/// The rule's name.
const RULE: &str = "breakglass-root-activity";

/// The EventBridge event pattern, as pretty JSON.
pub fn event_pattern() -> String {
    "{\n  \
       \"detail-type\": [\"AWS Console Sign In via CloudTrail\", \"AWS API Call via CloudTrail\"],\n  \
       \"detail\": {\n    \
         \"userIdentity\": {\n      \
           \"type\": [\"Root\"]\n    \
         }\n  \
       }\n\
     }\n"
    .to_string()
}

/// The AWS CLI script that creates, in each Region listed, an SNS topic that mails the security
/// team and the rule that sends it every root event (read-only API calls included), for a
/// connected admin workstation. The pattern is the text shown, verbatim, in a quoted
/// here-document.
pub fn aws_commands() -> String {
    format!(
        "#!/bin/sh\n\
         # Alert on every use of the AWS account root user. Run on a connected admin workstation\n\
         # with the AWS CLI signed in to this account (not as root), never on the ceremony laptop.\n\
         # First replace SECURITY_EMAIL (each Region's topic mails it; confirm the subscriptions).\n\
         # Root console sign-ins arrive in us-east-1; API calls in the Region where they are made,\n\
         # and only while a CloudTrail trail logs management events: list every Region in use.\n\
         set -e\n\
         REGIONS=\"us-east-1\"\n\
         pattern=$(cat <<'JSON'\n{pattern}JSON\n)\n\
         for region in $REGIONS; do\n  \
           # A rule's target must be in its own Region: one topic per Region.\n  \
           topic=$(aws sns create-topic --region \"$region\" --name {RULE} \\\n    \
             --query TopicArn --output text)\n  \
           policy=$(sed \"s|TOPIC_ARN|$topic|\" <<'JSON'\n\
         {{\n  \
           \"Version\": \"2012-10-17\",\n  \
           \"Statement\": [{{\n    \
             \"Effect\": \"Allow\",\n    \
             \"Principal\": {{\"Service\": \"events.amazonaws.com\"}},\n    \
             \"Action\": \"sns:Publish\",\n    \
             \"Resource\": \"TOPIC_ARN\"\n  \
           }}]\n\
         }}\n\
         JSON\n  \
         )\n  \
           aws sns set-topic-attributes --region \"$region\" --topic-arn \"$topic\" \\\n    \
             --attribute-name Policy --attribute-value \"$policy\"\n  \
           aws sns subscribe --region \"$region\" --topic-arn \"$topic\" \\\n    \
             --protocol email --notification-endpoint SECURITY_EMAIL\n  \
           # ENABLED alone would leave out read-only calls (Describe*, Get*, List*).\n  \
           aws events put-rule --region \"$region\" \\\n    \
             --name {RULE} \\\n    \
             --description \"Sign-in or API call by the AWS account root user\" \\\n    \
             --state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS \\\n    \
             --event-pattern \"$pattern\"\n  \
           aws events put-targets --region \"$region\" \\\n    \
             --rule {RULE} \\\n    \
             --targets \"Id=notify-security,Arn=$topic\"\n\
         done\n",
        pattern = event_pattern()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_runs_the_pattern_shown() {
        let script = aws_commands();
        assert!(
            script.contains(&format!("pattern=$(cat <<'JSON'\n{}JSON\n)\n", event_pattern())),
            "{script}"
        );
        assert!(script.contains("--event-pattern \"$pattern\""), "{script}");
        assert!(script.contains("aws events put-targets") && script.contains("us-east-1"));
        assert!(script.contains("--state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"), "{script}");
        assert!(script.contains("--targets \"Id=notify-security,Arn=$topic\""), "{script}");
        assert!(script.lines().all(|l| l.len() <= 100), "{script}");
    }
}
