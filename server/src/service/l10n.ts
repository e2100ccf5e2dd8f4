/**
 * The server's user-visible words in each supported language: a message table per locale, `t(key, args)`, and the
 * mapping from a BCP 47 tag (LSP `initialize.locale`, `LANG`, the `eciAnnotations.language` setting) to a locale.
 * English is the fallback. Imports nothing from `vscode` or the LSP connection.
 */

/** The languages the extension speaks. */
export type Locale = 'en' | 'zh-cn';

export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** The value of `eciAnnotations.language`: `auto` follows the editor's display language. */
export type LanguageSetting = 'auto' | Locale;

/**
 * The locale for a language tag such as `zh-CN`, `zh-Hans`, `zh_CN.UTF-8` or `en-US`; English for anything else.
 * Traditional Chinese tags (`zh-TW`, `zh-HK`, `zh-Hant`) get English, since there is no Traditional table yet.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  const t = (tag ?? '').trim().toLowerCase().replace(/_/g, '-').replace(/[.@].*$/, '');
  if (t === 'zh' || t === 'zh-cn' || t === 'zh-sg' || t.startsWith('zh-hans')) return 'zh-cn';
  return 'en';
}

/** The locale to use: the setting when it names a language, else the editor's (or environment's) language tag. */
export function chooseLocale(setting: unknown, editorTag: string | undefined | null): Locale {
  if (typeof setting === 'string' && (LOCALES as readonly string[]).includes(setting.toLowerCase())) return setting.toLowerCase() as Locale;
  return resolveLocale(editorTag);
}

const EN = {
  // Hover
  'hover.podAnnotation': 'ECI pod annotation',
  'hover.imageCacheAnnotation': 'ECI ImageCache annotation',
  'hover.podLabel': 'pod label',
  'hover.type': 'Type',
  'hover.values': 'Values',
  'hover.default': 'Default',
  'hover.example': 'Example',
  'hover.value': 'Value',
  'hover.notSet': 'not set',
  'hover.readOnly': '**Set by ECI** after scheduling; do not write it yourself.',
  'hover.legacy': '**Legacy**: use `{key}` instead.',
  'hover.needs': 'Needs `{key}`.',
  'hover.needsWhen': 'Needs `{key}` when set to {values}.',
  'hover.ignoredWith': 'Ignored together with `{key}`.',
  'hover.singleInstance': 'One fixed resource serves one pod: use it with a single replica.',
  'hover.imageCacheOnly': 'Goes on an **ImageCache**, not on pods.',
  'hover.creationTime':
    'Takes effect only when the pod is created: changing it on a running pod does nothing; a rollout makes new pods that pick it up.',
  'hover.imageCacheTime': 'Read when the image cache is created: changing it on an existing ImageCache does nothing; create a new image cache.',
  'hover.undocumented': "**Not in ECI's documentation**: seen on running ECI pods; the meaning is inferred from its name and values.",
  'hover.seenIn': "**Not verified against ECI's documentation**: seen in {where}.",
  'hover.deprecated': '**Deprecated**: current ECI docs no longer list it.',
  'hover.docsLink': 'ECI documentation',
  'hover.labelDocsLink': 'Documentation',
  'hover.misspelling': '**{typed}** is a misspelling of **{key}**: ECI ignores it.',
  // Value types (the hover's Type row)
  'type.boolean': 'string boolean, "true" or "false"',
  'type.booleanOnly': 'string boolean, "{value}"',
  'type.integer': 'whole number as a string{range}{unit}',
  'type.range.between': ', {min}–{max}',
  'type.range.min': ', at least {min}',
  'type.range.max': ', at most {max}',
  'type.unit': ' ({unit})',
  'type.decimal': 'decimal as a string, at most {places} decimal places',
  'type.enum': 'one of: {values}',
  'type.enumList': 'comma list of: {values}',
  'type.id': '{what} ID ({prefix}…)',
  'type.idList': '{what} ID ({prefix}…), comma list',
  'type.idListMax': '{what} ID ({prefix}…), comma list of at most {max}',
  'type.list': 'comma list of {item}s',
  'type.listMax': 'comma list of {item}s, at most {max}',
  'type.json': 'JSON {shape} in a string',
  'type.quantity': 'size with a unit ({units})',
  'type.specList': 'comma list of at most {max} specs: `<vCPU>-<memory>Gi` or ECS types, in priority order',
  'type.text': 'string',
  'id.eip-': 'EIP',
  'id.cbwp-': 'shared bandwidth package',
  'id.pippool-': 'IP address pool',
  'id.sg-': 'security group',
  'id.vsw-': 'vSwitch',
  'id.imc-': 'image cache',
  'id.eap-': 'elasticity assurance',
  'id.cri-': 'Container Registry Enterprise instance',
  'id.rg-': 'resource group',
  // Completion
  'completion.routingLabel': 'Routes the pod to ECI',
  // Account pickers (code action titles)
  'pick.eip': 'Pick an EIP from your account…',
  'pick.bandwidthPackage': 'Pick a shared bandwidth package…',
  'pick.ipPool': 'Pick an IP address pool…',
  'pick.associateEip': 'Associate an existing EIP…',
  'pick.vSwitch': 'Pick vSwitches from your account…',
  'pick.securityGroup': 'Pick security groups from your account…',
} as const;

export type MessageKey = keyof typeof EN;
export type MessageTable = Record<MessageKey, string>;

const ZH_CN: MessageTable = {
  'hover.podAnnotation': 'ECI Pod 注解',
  'hover.imageCacheAnnotation': 'ECI ImageCache 注解',
  'hover.podLabel': 'Pod 标签',
  'hover.type': '类型',
  'hover.values': '取值',
  'hover.default': '默认值',
  'hover.example': '示例',
  'hover.value': '取值',
  'hover.notSet': '未设置',
  'hover.readOnly': '由 ECI 在调度后**自动添加**，请勿手动填写。',
  'hover.legacy': '**旧版注解**：请改用 `{key}`。',
  'hover.needs': '需要同时配置 `{key}`。',
  'hover.needsWhen': '取值为 {values} 时，需要同时配置 `{key}`。',
  'hover.ignoredWith': '与 `{key}` 同时配置时不生效。',
  'hover.singleInstance': '一个固定资源只能用于一个 Pod：请只在单副本时使用。',
  'hover.imageCacheOnly': '用于 **ImageCache**，不用于 Pod。',
  'hover.creationTime': '仅在创建 Pod 时生效：修改运行中 Pod 的注解不会生效；重新发布（rollout）后新建的 Pod 才会使用新值。',
  'hover.imageCacheTime': '仅在创建镜像缓存时读取：修改已有 ImageCache 的注解不会生效；请新建镜像缓存。',
  'hover.undocumented': '**ECI 文档未收录**：见于运行中的 ECI Pod，含义根据名称和取值推断。',
  'hover.seenIn': '**未经 ECI 文档核实**：见于 {where}。',
  'hover.deprecated': '**已弃用**：当前 ECI 文档已不再列出。',
  'hover.docsLink': 'ECI 文档',
  'hover.labelDocsLink': '文档',
  'hover.misspelling': '**{typed}** 是 **{key}** 的错误拼写：ECI 会忽略它。',
  'type.boolean': '字符串形式的布尔值，"true" 或 "false"',
  'type.booleanOnly': '字符串形式的布尔值，"{value}"',
  'type.integer': '字符串形式的整数{range}{unit}',
  'type.range.between': '，取值范围 {min}～{max}',
  'type.range.min': '，最小为 {min}',
  'type.range.max': '，最大为 {max}',
  'type.unit': '，单位为 {unit}',
  'type.decimal': '字符串形式的小数，最多 {places} 位小数',
  'type.enum': '以下之一：{values}',
  'type.enumList': '逗号分隔的列表，可选：{values}',
  'type.id': '{what} ID（{prefix}…）',
  'type.idList': '{what} ID（{prefix}…），多个以逗号分隔',
  'type.idListMax': '{what} ID（{prefix}…），多个以逗号分隔，最多 {max} 个',
  'type.list': '逗号分隔的 {item} 列表',
  'type.listMax': '逗号分隔的 {item} 列表，最多 {max} 个',
  'type.json': '字符串形式的 JSON {shape}',
  'type.quantity': '带单位的容量（{units}）',
  'type.specList': '逗号分隔的规格列表，最多 {max} 个：`<vCPU>-<内存>Gi` 或 ECS 实例规格，按优先级排列',
  'type.text': '字符串',
  'id.eip-': 'EIP',
  'id.cbwp-': '共享带宽包',
  'id.pippool-': 'IP 地址池',
  'id.sg-': '安全组',
  'id.vsw-': '交换机',
  'id.imc-': '镜像缓存',
  'id.eap-': '弹性保障',
  'id.cri-': 'ACR 企业版实例',
  'id.rg-': '资源组',
  'completion.routingLabel': '将 Pod 调度到 ECI',
  'pick.eip': '从账号中选择 EIP…',
  'pick.bandwidthPackage': '选择共享带宽包…',
  'pick.ipPool': '选择 IP 地址池…',
  'pick.associateEip': '绑定已有 EIP…',
  'pick.vSwitch': '从账号中选择交换机…',
  'pick.securityGroup': '从账号中选择安全组…',
};

/** The message tables, one per locale. The English one defines the keys. */
export const MESSAGES: Record<Locale, MessageTable> = { en: EN, 'zh-cn': ZH_CN };

export type MessageArgs = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown names are left as written. */
function format(template: string, args?: MessageArgs): string {
  if (!args) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** The message `key` in `locale` (English when the locale has no entry), with `{name}` placeholders filled. */
export function t(key: MessageKey, args?: MessageArgs, locale: Locale = 'en'): string {
  return format(MESSAGES[locale][key] ?? EN[key], args);
}

/** `t` bound to one locale. */
export type Translate = (key: MessageKey, args?: MessageArgs) => string;

export function translator(locale: Locale): Translate {
  return (key, args) => t(key, args, locale);
}
