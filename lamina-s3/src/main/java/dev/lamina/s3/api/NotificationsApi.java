package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.s3.S3Errors;
import dev.lamina.s3.notify.NotificationConfig;
import dev.lamina.s3.notify.Notifications;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** Put and GetBucketNotificationConfiguration, in S3's XML. */
final class NotificationsApi {
    private final Notifications notifications;

    NotificationsApi(Notifications notifications) {
        this.notifications = notifications;
    }

    HttpResponse handle(HttpRequest request, String bucket) throws IOException {
        return switch (request.method()) {
            case "GET" -> render(notifications.get(bucket));
            case "PUT" -> {
                notifications.put(bucket, parse(Bodies.small(request)));
                yield new HttpResponse(200, Map.of(), new byte[0]);
            }
            default -> null;
        };
    }

    static NotificationConfig parse(byte[] body) {
        Element root = XmlInput.parse(body);
        if (!XmlInput.localName(root).equals("NotificationConfiguration")) {
            throw S3Errors.malformedXml();
        }
        if (!XmlInput.children(root, "TopicConfiguration").isEmpty()
                || !XmlInput.children(root, "EventBridgeConfiguration").isEmpty()) {
            throw new AwsException(
                    400,
                    "InvalidArgument",
                    "Lamina sends bucket notifications to functions and queues only (no SNS topics or EventBridge).");
        }
        List<NotificationConfig.Target> targets = new ArrayList<>();
        for (Element e : XmlInput.children(root, "CloudFunctionConfiguration")) {
            targets.add(target(e, NotificationConfig.Kind.LAMBDA, "CloudFunction", targets.size()));
        }
        for (Element e : XmlInput.children(root, "QueueConfiguration")) {
            targets.add(target(e, NotificationConfig.Kind.QUEUE, "Queue", targets.size()));
        }
        return new NotificationConfig(targets);
    }

    private static NotificationConfig.Target target(Element e, NotificationConfig.Kind kind, String arnName, int n) {
        String arn = XmlInput.text(e, arnName);
        if (arn == null || arn.isBlank()) {
            throw S3Errors.malformedXml();
        }
        List<String> events = new ArrayList<>();
        for (Element event : XmlInput.children(e, "Event")) {
            String name = event.getTextContent().strip();
            if (!NotificationConfig.EVENTS.contains(name)) {
                throw new AwsException(400, "InvalidArgument", "The event is not supported for notifications");
            }
            events.add(name);
        }
        if (events.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        String prefix = null;
        String suffix = null;
        for (Element filter : XmlInput.children(e, "Filter")) {
            for (Element key : XmlInput.children(filter, "S3Key")) {
                for (Element rule : XmlInput.children(key, "FilterRule")) {
                    String name = XmlInput.text(rule, "Name");
                    String value = XmlInput.text(rule, "Value");
                    if ("prefix".equalsIgnoreCase(name) && prefix == null) {
                        prefix = value;
                    } else if ("suffix".equalsIgnoreCase(name) && suffix == null) {
                        suffix = value;
                    } else {
                        throw new AwsException(
                                400,
                                "InvalidArgument",
                                "FilterRule name must be either prefix or suffix, each at most once");
                    }
                }
            }
        }
        String id = XmlInput.text(e, "Id");
        return new NotificationConfig.Target(
                id == null || id.isBlank() ? "notification-" + (n + 1) : id, kind, arn, events, prefix, suffix);
    }

    private static HttpResponse render(NotificationConfig config) {
        Xml xml = Xml.document("NotificationConfiguration");
        for (NotificationConfig.Kind kind : NotificationConfig.Kind.values()) {
            for (NotificationConfig.Target t : config.targets()) {
                if (t.kind() != kind) {
                    continue;
                }
                boolean lambda = kind == NotificationConfig.Kind.LAMBDA;
                String element = lambda ? "CloudFunctionConfiguration" : "QueueConfiguration";
                xml.open(element).element("Id", t.id()).element(lambda ? "CloudFunction" : "Queue", t.arn());
                t.events().forEach(ev -> xml.element("Event", ev));
                if (t.prefix() != null || t.suffix() != null) {
                    xml.open("Filter").open("S3Key");
                    if (t.prefix() != null) {
                        xml.open("FilterRule")
                                .element("Name", "Prefix")
                                .element("Value", t.prefix())
                                .close("FilterRule");
                    }
                    if (t.suffix() != null) {
                        xml.open("FilterRule")
                                .element("Name", "Suffix")
                                .element("Value", t.suffix())
                                .close("FilterRule");
                    }
                    xml.close("S3Key").close("Filter");
                }
                xml.close(element);
            }
        }
        return xml.response();
    }
}
