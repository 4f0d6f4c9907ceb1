export default function CaseDetail() { return <div>CaseDetail</div>; }
