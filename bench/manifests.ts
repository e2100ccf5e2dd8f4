/** The generated Deployment every benchmark measures: three ECI annotations in the pod template. */

export interface DeploymentShape {
  /** The ECI routing label in the pod template's labels. */
  routingLabel?: boolean;
  /** Every 10th manifest has an unquoted `eip-bandwidth`, as a real repository might. */
  findingEvery10?: boolean;
  /** A container port (two more lines). */
  ports?: boolean;
}

/** Deployment number `i`, about 25 lines. */
export function deployment(i: number, shape: DeploymentShape = {}): string {
  const bandwidth = shape.findingEvery10 && i % 10 === 0 ? '10' : '"10"';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
${shape.routingLabel ? '        alibabacloud.com/eci: "true"\n' : ''}      annotations:
        k8s.aliyun.com/eci-with-eip: "true"
        k8s.aliyun.com/eip-bandwidth: ${bandwidth}
        k8s.aliyun.com/eci-use-specs: "2-4Gi,4-8Gi"
    spec:
      containers:
        - name: app
          image: nginx:1.27
${shape.ports ? '          ports:\n            - containerPort: 80\n' : ''}`;
}
